namespace Samverkan.Sekretess.Testing;

/// <summary>Fixed keys for tests only (never used outside tests).</summary>
internal static class TestKeys
{
    public static readonly string AuditChainKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly string BlindIndexKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
}
