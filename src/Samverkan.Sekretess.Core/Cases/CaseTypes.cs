namespace Samverkan.Sekretess.Core.Cases;

public static class CaseTypes
{
    public const string Sspf = "SSPF";
    public const string Sig = "SIG";
    public const string Bob = "BOB";
    public const string Avhopp = "AVHOPP";
    public const string Utsatta = "UTSATTA";
    public static readonly IReadOnlyList<string> All = [Sspf, Sig, Bob, Avhopp, Utsatta];
}

public static class CaseStatuses
{
    public const string Open = "oppen";
    public const string Closed = "avslutad";
    public const string Archived = "arkiverad";
}
