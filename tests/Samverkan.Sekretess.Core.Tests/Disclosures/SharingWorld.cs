using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Tests.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Disclosures;

/// <summary>
/// The <see cref="CaseWorld"/> SIG case (social services lead, police taking part, a 16-year-old with two recorded
/// guardians), with helpers that go through the real services only. Contexts carry a completed second factor.
/// </summary>
internal sealed class SharingWorld(CoreHost host, CaseWorld world, Guid guardianA, Guid guardianB, Dictionary<string, Guid> authorities)
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public CaseWorld Case => world;
    public Guid GuardianA => guardianA;
    public Guid GuardianB => guardianB;
    public Guid Authority(string code) => authorities[code];
    public Guid Social => authorities["soc-kristianstad"];
    public Guid Police => authorities["polis-lpo-kristianstad"];
    public Guid School => authorities["utb-kristianstad"];

    public static async Task<SharingWorld> CreateAsync(CoreHost host, params string[] extraParticipants)
    {
        var world = await CaseWorld.CreateAsync(host, extraParticipants);
        Dictionary<string, Guid> authorities;
        await using (var db = host.NewDbContext()) authorities = await db.Authorities.ToDictionaryAsync(a => a.Code, a => a.Id);
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<ConsentWrites>(scope);
        var social = await As(host, "socialsekreterare");
        var a = await writes.AddGuardianAsync(social, world.CaseId, new AddGuardianCommand("Tora Testsson"), Ct);
        var b = await writes.AddGuardianAsync(social, world.CaseId, new AddGuardianCommand("Tage Testsson"), Ct);
        return new SharingWorld(host, world, a, b, authorities);
    }

    /// <summary>A persona's context after password and second factor.</summary>
    public static async Task<ProcessContext> As(CoreHost host, string persona) =>
        persona == "anonym" ? new ProcessContext(null) : await host.AsAsync(persona) with { Mfa = true };

    public Task<ProcessContext> As(string persona) => As(host, persona);

    /// <summary>A consent from the youth and both guardians: social services may give S1 and its plan to the police (and any extra recipients).</summary>
    public RecordConsentCommand FullConsent(IReadOnlyList<Guid>? recipients = null, IReadOnlyList<string>? categories = null, IReadOnlyList<Guid>? senders = null,
        IReadOnlyList<Guid>? guardians = null, DateOnly? from = null, DateOnly? to = null, string? custodyException = null) =>
        new(null, senders ?? [Social], recipients ?? [Police], categories ?? ["S1", "AP"],
            from ?? Today.AddDays(-1), to ?? Today.AddMonths(6), true, guardians ?? [guardianA, guardianB],
            "16 år, förstår vad samtycket gäller och vill själv delta.", custodyException, ConsentForms.Written, true, true);

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task<Guid> RecordConsentAsync(RecordConsentCommand command, string persona = "socialsekreterare")
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<ConsentWrites>(scope).RecordAsync(await As(persona), world.CaseId, command, Ct);
    }

    public async Task<Guid> DiscloseAsync(string persona, string type, Guid resourceId, Guid recipient, string ground, Guid? consentId = null,
        Dictionary<string, string>? answers = null, string? assessment = "Bedömning i det enskilda fallet.", bool includeContact = false, Guid? key = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<DisclosureWrites>(scope).DiscloseAsync(await As(persona), type, resourceId,
            new DiscloseCommand(recipient, ground, consentId is { } c ? [c] : null, answers ?? [], assessment, DisclosureInitiatives.OwnInitiative, DisclosureChannels.System,
                includeContact, null, key ?? Guid.NewGuid()), Ct);
    }

    public async Task<ShareForm> ShareFormAsync(string persona, string type, Guid resourceId, Guid? recipient)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<DisclosurePlanner>(scope).GetAsync(await As(persona), type, resourceId, recipient, Ct);
    }

    public async Task<CaseDetails> ReadAsync(string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<CaseReads>(scope).GetCaseAsync(await As(persona), world.CaseId, Ct);
    }

    /// <summary>A second socialsekreterare of the same authority (the second approver of protected contact details).</summary>
    public async Task<ProcessContext> CreateColleagueAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Samverkan.Sekretess.Core.Identity.ApplicationUser>>();
        var template = await users.FindByNameAsync("socialsekreterare");
        var colleague = new Samverkan.Sekretess.Core.Identity.ApplicationUser
        {
            UserName = $"kollega-{Guid.NewGuid():N}"[..20], DisplayName = "Kim Kollega (socialsekreterare)", AuthorityId = template!.AuthorityId,
            Role = template.Role, Unit = template.Unit, AttributeSource = "test", AttributesVerifiedAt = DateTime.UtcNow,
        };
        var result = await users.CreateAsync(colleague, "Kollega-Lösenord-2026-lång");
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return new ProcessContext(colleague.Id, Purposes.CaseWork, Mfa: true);
    }

    /// <summary>A valid personnummer for someone born on the given date (Luhn check digit; serial 98x is fine for tests).</summary>
    public static string PersonalNumber(DateOnly birth, int serial = 982)
    {
        var digits = $"{birth:yyMMdd}{serial:000}";
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }

        return $"{birth:yyyyMMdd}-{serial:000}{(10 - sum % 10) % 10}";
    }
}
