using System.Collections.Concurrent;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>Turns a decision into plain Swedish from the policy set's own rule descriptions and ground titles.</summary>
internal static class DecisionExplainer
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, RuleInfo>> RulesByVersion = new(StringComparer.Ordinal);

    public static DecisionExplanation Explain(Decision decision, PolicySet policies)
    {
        var rules = RulesByVersion.GetOrAdd(policies.Version, _ => policies.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal));
        var explained = decision.RuleIds
            .Select(id => new RuleExplanation(id, rules.TryGetValue(id, out var r) ? r.Description : ""))
            .ToList();
        string? groundText = null;
        if (decision.LegalGround is { } key && policies.LegalGrounds.TryGetValue(key, out var ground))
            groundText = $"{ground.Title} ({ground.Provision})" + (ground.IsUnverified ? " – obekräftad uppgift, kontrollera mot lagtexten" : "");
        return new DecisionExplanation(explained, decision.LegalGround, groundText, decision.PolicySetVersion);
    }
}
