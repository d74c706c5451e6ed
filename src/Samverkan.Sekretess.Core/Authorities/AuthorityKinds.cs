namespace Samverkan.Sekretess.Core.Authorities;

/// <summary>The closed list of authority kinds the policies know (policies/schema/vocabulary.yaml).</summary>
public static class AuthorityKinds
{
    public const string SocialServices = "socialtjanst";
    public const string School = "skola";
    public const string Police = "polis";
    public const string Leisure = "fritid";
    public const string HealthCare = "halso_sjukvard";
    public const string Other = "other";
}
