using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>The streaming verifier names inserted entries, and hashes exactly as the original canonical form did.</summary>
public sealed class AuditVerifierTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(6);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Verify_RowInsertedInTheMiddleWithAForgedHash_NamesTheInsertedEntry()
    {
        // Make room at 3 (shift 3..6 to 4..7), then insert a row that links to entry 2 but whose hash is forged.
        await using (var db = store.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE "AuditEntries" SET "Sequence" = -"Sequence" WHERE "Sequence" >= 3;
                UPDATE "AuditEntries" SET "Sequence" = -"Sequence" + 1 WHERE "Sequence" < 0;
                INSERT INTO "AuditEntries" ("Sequence", "OccurredAt", "ActorRole", "Action", "ResourceType", "ItemIds", "Decision", "RuleIds",
                                            "PolicyVersion", "PreviousHash", "Hash")
                SELECT 3, now(), 'dataskyddsombud', 'audit.read', 'audit_log', '', 'permit', '', 'sha256:test', "Hash", repeat('AB', 32)
                FROM "AuditEntries" WHERE "Sequence" = 2;
                """);

        var report = await store.VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Equal(2, report.EntriesChecked);
    }

    [Fact]
    public async Task Verify_RowAppendedAtTheEndWithAForgedHash_NamesIt()
    {
        await using (var db = store.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AuditEntries" ("Sequence", "OccurredAt", "ActorRole", "Action", "ResourceType", "ItemIds", "Decision", "RuleIds",
                                            "PolicyVersion", "PreviousHash", "Hash")
                SELECT 7, now(), 'x', 'case.read', 'case', '', 'permit', '', 'sha256:test', "Hash", repeat('CD', 32)
                FROM "AuditEntries" WHERE "Sequence" = 6;
                """);

        var report = await store.VerifyAsync();
        Assert.Equal(7, report.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_IntactChain_ReportsTheHead()
    {
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(6, report.EntriesChecked);
        Assert.Equal((await store.EntriesAsync())[^1].Hash, report.HeadHash);
    }

    [Fact]
    public async Task Hasher_Version1_MatchesTheOriginalStringJoinCanonicalForm()
    {
        // Version 1 must stay byte-identical to the original definition, or chains written before version 2 break.
        var hasher = store.Services.GetRequiredService<AuditHasher>();
        foreach (var e in await store.EntriesAsync())
        {
            Assert.Equal(AuditHasher.CurrentVersion, e.HashVersion);
            Assert.Equal(e.Hash, hasher.Compute(e));
            e.HashVersion = 1;
            var canonical = string.Join('\u001f',
                e.Sequence.ToString(CultureInfo.InvariantCulture), e.OccurredAt.Ticks.ToString(CultureInfo.InvariantCulture),
                e.ActorUserId ?? "", e.ActorAuthorityId?.ToString() ?? "", e.ActorRole, e.Action, e.ResourceType, e.ResourceId ?? "",
                e.ResourceAuthorityId?.ToString() ?? "", e.CaseId?.ToString() ?? "", e.PersonId?.ToString() ?? "", e.ItemIds, e.Decision,
                e.RuleIds, e.LegalGround ?? "", e.Purpose ?? "", e.PolicyVersion, e.PreviousHash) + (e.Client is null ? "" : "\u001f" + e.Client);
            var expected = Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(TestKeys.AuditChainKey), Encoding.UTF8.GetBytes(canonical)));
            Assert.Equal(expected, hasher.Compute(e));
        }

        var unicode = AuditDatabase.NewEntry();
        unicode.HashVersion = 1;
        unicode.ItemIds = "åäö-Ünïcödé-\U0001F600" + new string('x', 5000);
        unicode.PreviousHash = "GENESIS";
        var joined = string.Join('\u001f', "0", "0", unicode.ActorUserId, unicode.ActorAuthorityId.ToString(), unicode.ActorRole, unicode.Action,
            unicode.ResourceType, unicode.ResourceId, "", unicode.CaseId.ToString(), "", unicode.ItemIds, unicode.Decision, unicode.RuleIds,
            "", unicode.Purpose, unicode.PolicyVersion, unicode.PreviousHash);
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(TestKeys.AuditChainKey), Encoding.UTF8.GetBytes(joined))),
            hasher.Compute(unicode));

        // Client info is appended only when present (entries from before it keep their hash) and is covered by the hash.
        unicode.Client = "web 10.1.2.3";
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(TestKeys.AuditChainKey), Encoding.UTF8.GetBytes(joined + '\u001f' + unicode.Client))),
            hasher.Compute(unicode));
    }

    [Fact]
    public async Task Verify_AChainWrittenInVersion1_ThenContinuedInVersion2_IsIntact()
    {
        // A chain as the previous release wrote it: version-1 hashes, the column at its migration default.
        await store.ResetAsync();
        var hasher = store.Services.GetRequiredService<AuditHasher>();
        var previous = AuditHasher.GenesisHash;
        await using (var db = store.NewDbContext())
        {
            for (var i = 1; i <= 4; i++)
            {
                var e = AuditDatabase.NewEntry(i: i);
                e.Sequence = i;
                e.OccurredAt = new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc);
                e.ResourceId = "x\u001fy"; // version 1's weakness is in old entries too; they verify as they were written
                e.PreviousHash = previous;
                e.HashVersion = 1;
                e.Hash = previous = hasher.Compute(e);
                db.AuditEntries.Add(e);
            }

            await db.SaveChangesAsync();
        }

        await store.AppendAsync(3);

        var entries = await store.EntriesAsync();
        Assert.Equal("1111222", string.Concat(entries.Select(e => e.HashVersion)));
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(7, report.EntriesChecked);
    }

    public static TheoryData<string, string> Rewrites => new()
    {
        // Bytes moved across a 0x1F that a request path put into ResourceId: the same version-1 form.
        { "separator shift", """ "ResourceType" = 'case' || chr(31) || 'x', "ResourceId" = 'y' """ },
        // null and "" were the same in version 1.
        { "null to empty", """ "LegalGround" = '' """ },
        { "empty to null", """ "Purpose" = NULL """ },
        // Told to verify as version 1 (or an unknown version): a version-2 hash never verifies as anything else.
        { "downgrade", """ "HashVersion" = 1 """ },
        { "unknown version", """ "HashVersion" = 3 """ },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task Verify_AVersion2EntryRewrittenSoThatItsVersion1FormWouldNotChange_NamesIt(string rewrite, string set)
    {
        // Entry 7: ResourceId "x␟y", Purpose "", LegalGround null: each rewrite keeps the entry's version-1 form.
        var entry = AuditDatabase.NewEntry(i: 2);
        entry.ResourceId = "x\u001fy";
        entry.Purpose = "";
        await store.AppendAsync(entry);
        await store.AppendAsync(1);
        var sql = """UPDATE "AuditEntries" SET """ + set + """ WHERE "Sequence" = 7""";
        await using (var db = store.NewDbContext())
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));

        var report = await store.VerifyAsync();
        Assert.False(report.IsIntact, rewrite);
        Assert.Equal(7, report.FirstBrokenSequence);
    }
}
