namespace Samverkan.Sekretess.Policy;

/// <summary>
/// An immutable, self-explaining decision. It names the rules that determined it, the legal ground,
/// the obligations the PEP must discharge and the policy-set version, so that the audit record can
/// answer "why" without archaeology.
/// </summary>
public sealed class Decision
{
    internal Decision(
        Effect effect,
        IReadOnlyList<string> ruleIds,
        string? legalGround,
        IReadOnlyList<Obligation> obligations,
        string policySetVersion,
        IReadOnlyList<string> errors)
    {
        Effect = effect;
        RuleIds = ruleIds;
        LegalGround = legalGround;
        Obligations = obligations;
        PolicySetVersion = policySetVersion;
        Errors = errors;
    }

    /// <summary>Permit or deny.</summary>
    public Effect Effect { get; }

    /// <summary>True only for an explicit permit.</summary>
    public bool IsPermit => Effect == Effect.Permit;

    /// <summary>
    /// The determining rules, sorted by id: every satisfied permit on a permit, every satisfied
    /// forbid on a forbid-deny, empty on a default deny or an error deny.
    /// </summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>The ground key of the first determining rule (by id) that cites one.</summary>
    public string? LegalGround { get; }

    /// <summary>The union of the determining rules' obligations, sorted by kind and argument.</summary>
    public IReadOnlyList<Obligation> Obligations { get; }

    /// <summary>The <c>sha256:</c> version of the policy set that made this decision.</summary>
    public string PolicySetVersion { get; }

    /// <summary>Evaluation errors; any error means deny.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Effect} [{string.Join(", ", RuleIds)}]" + (Errors.Count > 0 ? $" errors: {string.Join("; ", Errors)}" : "");
}
