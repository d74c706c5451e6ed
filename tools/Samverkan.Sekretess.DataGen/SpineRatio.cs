using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;

/// <summary>
/// The price of the spine: the case overview through the access gateway (PIP + PDP + durable audit) against
/// the same queries and decryption run directly on the DbContext with no decision and no audit. The direct
/// path exists only here, in a benchmark tool — never in the app. Interleaved, single caller, warm.
/// </summary>
internal static class SpineRatio
{
    public static async Task RunAsync(IServiceProvider provider, int iterations)
    {
        Guid caseId;
        string userId;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare"))!.Id;
            var soc = await db.Users.Where(u => u.Id == userId).Select(u => u.AuthorityId).SingleAsync();
            caseId = await db.Cases.Where(c => c.LeadAuthorityId == soc && db.InformationItems.Count(i => i.CaseId == c.Id && i.OwnerAuthorityId == soc) >= 5)
                .Select(c => c.Id).FirstAsync();
        }

        var context = new ProcessContext(userId);
        var gateway = new List<double>(iterations);
        var direct = new List<double>(iterations);
        int visible = 0, directItems = 0;
        for (var i = -50; i < iterations; i++) // the first 50 rounds warm up both paths
        {
            var sw = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
                visible = (await scope.ServiceProvider.GetRequiredService<CaseReads>().GetCaseAsync(context, caseId, CancellationToken.None)).Items.Count;
            if (i >= 0) gateway.Add(sw.Elapsed.TotalMilliseconds);

            sw.Restart();
            await using (var scope = provider.CreateAsyncScope())
                directItems = await DirectAsync(scope.ServiceProvider, userId, caseId);
            if (i >= 0) direct.Add(sw.Elapsed.TotalMilliseconds);
        }

        static double P(List<double> xs, double q) => xs.Order().ElementAt((int)Math.Min(xs.Count - 1, q * xs.Count));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overview through the gateway: mean {gateway.Average():F2} ms, p50 {P(gateway, 0.5):F2}, p95 {P(gateway, 0.95):F2} ({visible} items returned)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"same queries directly on the DbContext: mean {direct.Average():F2} ms, p50 {P(direct, 0.5):F2}, p95 {P(direct, 0.95):F2} ({directItems} items, unfiltered)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio gateway/direct (mean): {gateway.Average() / direct.Average():F2}x over {iterations} interleaved rounds"));
    }

    /// <summary>What the overview reads, minus every decision and the audit entry (the bypass the app cannot make).</summary>
    private static async Task<int> DirectAsync(IServiceProvider sp, string userId, Guid caseId)
    {
        var db = sp.GetRequiredService<SekretessDbContext>();
        var fields = sp.GetRequiredService<FieldProtector>();
        await using var tx = await db.Database.BeginTransactionAsync();
        _ = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.AuthorityId, u.Role }).SingleAsync();
        var head = await (from c in db.Cases.AsNoTracking()
                          join p in db.Persons.AsNoTracking() on c.SubjectPersonId equals p.Id
                          where c.Id == caseId
                          select new { c.Reference, c.Status, p.NameCipher, p.PersonalNumberCipher, Participants = c.Participants.Select(x => x.AuthorityId).ToList() }).SingleAsync();
        _ = await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId).ToListAsync();
        var items = await db.InformationItems.AsNoTracking().Where(i => i.CaseId == caseId).OrderBy(i => i.CreatedAt).ToListAsync();
        var plan = await db.ActionPlanEntries.AsNoTracking().Where(e => e.CaseId == caseId).ToListAsync();
        _ = fields.Unprotect(head.NameCipher) + fields.Unprotect(head.PersonalNumberCipher);
        foreach (var i in items) _ = fields.Unprotect(i.TitleCipher) + fields.Unprotect(i.TextCipher);
        foreach (var e in plan) _ = fields.Unprotect(e.WhatCipher);
        await tx.CommitAsync();
        return items.Count;
    }
}
