using CsCheck;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// The canonical form the hash covers must be injective: two entries that differ in any field must never share it, or a
/// field's bytes could move to another field (or null become "") and the chain would still verify.
/// </summary>
public sealed class AuditCanonicalFormTests
{
    private const int Fields = 19;
    private static readonly object?[] Numbers = [0L, 1L, 10L, 31L, -1L, long.MaxValue];
    // Small pools, rich in separators, empties and nulls, so that entries which differ only in where bytes lie are common.
    private static readonly object?[] Texts = [null, "", "a", "b", "ab", "\u001f", "a\u001f", "\u001fb", "a\u001fb", "\u001f\u001f", "å", "0"];
    private static readonly object?[] Ids = [null, Guid.Parse("11111111-2222-3333-4444-555555555555"), Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")];

    /// <summary>Per field of the canonical form, in its order: its pool of values.</summary>
    private static readonly object?[][] Pools =
    [
        Numbers, Numbers, Texts, Ids, Texts, Texts, Texts, Texts, Ids, Ids, Ids, Texts, Texts, Texts, Texts, Texts, Texts, Texts, Texts,
    ];

    private static AuditEntry Entry(object?[] v, short version) => new()
    {
        Sequence = (long)v[0]!, OccurredAt = new DateTime((long)v[1]! is var t && t is >= 0 and < 3155378975999999999 ? t : 7, DateTimeKind.Utc),
        ActorUserId = (string?)v[2], ActorAuthorityId = (Guid?)v[3], ActorRole = (string?)v[4]!, Action = (string?)v[5]!, ResourceType = (string?)v[6]!,
        ResourceId = (string?)v[7], ResourceAuthorityId = (Guid?)v[8], CaseId = (Guid?)v[9], PersonId = (Guid?)v[10], ItemIds = (string?)v[11]!,
        Decision = (string?)v[12]!, RuleIds = (string?)v[13]!, LegalGround = (string?)v[14], Purpose = (string?)v[15], PolicyVersion = (string?)v[16]!,
        PreviousHash = (string?)v[17]!, Client = (string?)v[18], HashVersion = version,
    };

    private static object?[] Values(int[] picks) => [.. picks.Select((p, i) => Pools[i][p % Pools[i].Length])];

    /// <summary>
    /// An entry's field values, and a second entry with one or two fields drawn again: often two neighbours, since moving
    /// bytes across a boundary changes two neighbouring fields. (Two independent entries would almost never be close enough.)
    /// </summary>
    private static readonly Gen<(object?[] A, object?[] B)> Pairs =
        Gen.Select(Gen.Int[0, 1000].Array[Fields], Gen.Int[0, 1000].Array[Fields], Gen.Int[0, Fields - 1], Gen.Int[0, Fields - 1])
            .Select((a, b, i, j) =>
            {
                var second = j < Fields / 2 ? Math.Min(i + 1, Fields - 1) : j;
                return (Values(a), Values([.. a.Select((p, k) => k == i || k == second ? b[k] : p)]));
            });

    private static bool SameFields(object?[] a, object?[] b)
    {
        // OccurredAt is compared as Entry builds it (out-of-range ticks map to one value).
        var x = Entry(a, 2);
        var y = Entry(b, 2);
        return x.OccurredAt == y.OccurredAt && Enumerable.Range(0, Fields).Where(i => i != 1).All(i => Equals(a[i], b[i]));
    }

    [Fact]
    public void Version2_TwoEntriesThatDifferInAnyField_NeverShareACanonicalForm() =>
        Pairs.Sample(pair =>
        {
            var a = AuditHasher.Canonical(Entry(pair.A, 2)).ToArray();
            var b = AuditHasher.Canonical(Entry(pair.B, 2)).ToArray();
            Assert.Equal(SameFields(pair.A, pair.B), a.AsSpan().SequenceEqual(b));
        }, iter: 20_000);

    [Fact]
    public void Version1_WasAmbiguous_AndVersion2NeverSharesBytesWithIt()
    {
        // What version 2 fixes: a separator inside a field moves bytes between fields, and null is "".
        var original = Entry(Values(new int[Fields]), 1);
        original.ResourceType = "case";
        original.ResourceId = "x\u001fy";
        var moved = Entry(Values(new int[Fields]), 1);
        moved.ResourceType = "case\u001fx";
        moved.ResourceId = "y";
        Assert.Equal(AuditHasher.Canonical(original).ToArray(), AuditHasher.Canonical(moved).ToArray());
        original.HashVersion = moved.HashVersion = 2;
        Assert.NotEqual(AuditHasher.Canonical(original).ToArray(), AuditHasher.Canonical(moved).ToArray());

        // A version-1 form starts with the sequence's digits; version 2 with 0x00 0x02: no entry's bytes are valid in both.
        Assert.Equal(new byte[] { 0x00, 0x02 }, AuditHasher.Canonical(original)[..2].ToArray());
        original.HashVersion = 1;
        Assert.NotEqual(0x00, AuditHasher.Canonical(original)[0]);
    }
}
