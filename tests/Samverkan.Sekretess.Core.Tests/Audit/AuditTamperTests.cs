using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// Tampering with one stored field of one entry, for every field the hash covers, is reported at that entry; and an entry
/// whose own hash is valid but whose link points elsewhere (spliced in from another chain, or re-hashed by someone holding
/// the key) is caught by the link check alone.
/// </summary>
public sealed class AuditTamperTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(6);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One SET clause per stored column of an entry; each changes the value entry 3 has (see AuditDatabase.NewEntry).</summary>
    public static TheoryData<string, string> Fields => new()
    {
        { "Sequence", """ "Sequence" = 100 """ },
        { "OccurredAt", """ "OccurredAt" = "OccurredAt" + interval '1 microsecond' """ },
        { "ActorUserId", """ "ActorUserId" = 'user-x' """ },
        { "ActorAuthorityId", """ "ActorAuthorityId" = gen_random_uuid() """ },
        { "ActorRole", """ "ActorRole" = 'rektor' """ },
        { "Action", """ "Action" = 'case.list' """ },
        { "ResourceType", """ "ResourceType" = 'item' """ },
        { "ResourceId", """ "ResourceId" = 'other' """ },
        { "ResourceAuthorityId", """ "ResourceAuthorityId" = gen_random_uuid() """ },
        { "CaseId", """ "CaseId" = gen_random_uuid() """ },
        { "PersonId", """ "PersonId" = gen_random_uuid() """ },
        { "ItemIds", """ "ItemIds" = '' """ },
        { "Decision", """ "Decision" = 'deny' """ },
        { "RuleIds", """ "RuleIds" = 'CASE-R-999' """ },
        { "LegalGround", """ "LegalGround" = 'CONSENT' """ },
        { "Purpose", """ "Purpose" = 'uppfoljning' """ },
        { "PolicyVersion", """ "PolicyVersion" = 'sha256:other' """ },
        { "Client", """ "Client" = 'web 10.9.9.9' """ },
        { "PreviousHash", """ "PreviousHash" = (SELECT "Hash" FROM "AuditEntries" WHERE "Sequence" = 1) """ },
        { "Hash", """ "Hash" = repeat('AB', 32) """ },
        { "HashVersion", """ "HashVersion" = 1 """ },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Verify_OneFieldOfEntry3Changed_NamesEntry3(string field, string set)
    {
        var sql = """UPDATE "AuditEntries" SET """ + set + """ WHERE "Sequence" = 3""";
        await using (var db = store.NewDbContext())
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));

        var report = await store.VerifyAsync();
        Assert.False(report.IsIntact, field);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Equal(2, report.EntriesChecked);
    }

    [Fact]
    public async Task Verify_SplicedEntryWithAValidOwnHashButAWrongLink_NamesItAtItsSequence()
    {
        // Entry 3 re-linked to entry 1 and re-hashed with the key: its own hash is valid, only its link is wrong
        // (as an entry copied from another chain or an older copy of this one would be).
        var entries = await store.EntriesAsync();
        var spliced = entries[2];
        spliced.PreviousHash = entries[0].Hash;
        spliced.Hash = store.Services.GetRequiredService<AuditHasher>().Compute(spliced);
        await using (var db = store.NewDbContext())
            await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "PreviousHash" = {spliced.PreviousHash}, "Hash" = {spliced.Hash} WHERE "Sequence" = 3""");

        var report = await store.VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.StartsWith("Länken till föregående post", report.Problem, StringComparison.Ordinal);
        Assert.Equal(entries[1].Hash, report.Detail!.ExpectedPreviousHash);
        Assert.Equal(entries[0].Hash, report.Detail.StoredPreviousHash);
        Assert.Equal(report.Detail.StoredHash, report.Detail.ComputedHash); // the entry's own hash verifies
    }
}
