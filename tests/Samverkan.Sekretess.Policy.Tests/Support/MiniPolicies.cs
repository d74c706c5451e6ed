using Samverkan.Sekretess.Policy.Language;

namespace Samverkan.Sekretess.Policy.Tests.Support;

/// <summary>A tiny in-memory policy set for loader and combining tests.</summary>
internal static class MiniPolicies
{
    public const string Vocabulary = """
        attributes:
          action: { type: string, values: [read, write], description: "handling" }
          subject.org: { type: string, values: [soc, skola, polis], description: "org" }
          subject.orgs: { type: set<string>, description: "orgs" }
          subject.level: { type: int, description: "nivå" }
          subject.mfa: { type: bool, description: "mfa" }
          resource.owner: { type: string, description: "ägare" }
          resource.orgs: { type: set<string>, description: "mottagare" }
          resource.level: { type: int, description: "krävd nivå" }
          resource.since: { type: datetime, description: "gäller från" }
          context.now: { type: datetime, description: "nu" }
        obligations:
          audit-read: { description: "logga" }
          redact: { argument: required, description: "dölj" }
        """;

    public const string Grounds = """
        grounds:
          OWN: { title: Egen, provision: "OSL 8:1", disclosers: [own], recipients: [own], anteckning: false, consentCanRelease: true, confidence: K }
        """;

    public static Dictionary<string, string> With(params (string File, string Text)[] policyFiles)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PolicyLoader.VocabularyFile] = Vocabulary,
            [PolicyLoader.GroundsFile] = Grounds,
        };
        foreach (var (file, text) in policyFiles) sources[file] = text;
        return sources;
    }

    public static PolicySet Compile(params (string File, string Text)[] policyFiles) => PolicyLoader.Compile(With(policyFiles));

    public static IReadOnlyList<PolicyError> Errors(params (string File, string Text)[] policyFiles)
    {
        try
        {
            PolicyLoader.Compile(With(policyFiles));
        }
        catch (PolicyValidationException ex)
        {
            return ex.Errors;
        }

        return [];
    }

    public static string Rule(string id, string effect, string conditions, string extra = "") => $$"""
        rules:
          - id: {{id}}
            effect: {{effect}}
            actions: [read]
            legalBasis: OWN
            description: "test"
            when: {{conditions}}
        {{extra}}
        """;
}
