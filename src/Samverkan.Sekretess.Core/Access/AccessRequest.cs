using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>Whether the grant reads (one snapshot, entry by group commit before data leaves) or writes (entry in the write's transaction).</summary>
internal enum AccessMode
{
    Read,
    Write,
}

/// <summary>
/// A form's double-submit token: stored apart, scoped to (user, form), never a record id. A replay within the scope
/// returns the record the first submit made; the same token from another user or form is simply another token.
/// </summary>
internal sealed record IdempotencyKey(string Form, Guid Token);

/// <summary>
/// One access, as a service asks for it: who and why (<see cref="Context"/>), what (<see cref="Action"/>) and on what
/// (<see cref="Target"/>, ids only). Everything else the PDP reads comes from the resolver; <see cref="Describe"/> adds
/// the facts only the request itself has (a form's answers, the chosen consent, whether a reason was given).
/// </summary>
internal sealed record AccessRequest(ProcessContext Context, PolicyAction Action, AccessTarget Target, AccessMode Mode)
{
    public static AccessRequest Read(ProcessContext context, PolicyAction action, AccessTarget target) =>
        new(context, action, target, AccessMode.Read) { Obligations = ObligationProfile.Read };

    public static AccessRequest Write(ProcessContext context, PolicyAction action, AccessTarget target) =>
        new(context, action, target, AccessMode.Write) { Obligations = ObligationProfile.Write };

    /// <summary>Facts of the request itself, set after the resolver's (never instead of them: the gateway sets those last too).</summary>
    public Func<DecisionRequest, AccessFacts, DecisionRequest>? Describe { get; init; }

    /// <summary>The obligations the service can discharge; any other obligation on the permit is a deny.</summary>
    public ObligationProfile Obligations { get; init; }

    /// <summary>The entry's action when it differs from the policy action (e.g. <c>case.list</c> for a list whose rows are decided as case.read).</summary>
    public string? AuditAction { get; init; }

    /// <summary>The submitting form's double-submit token, for a grant that creates a record.</summary>
    public IdempotencyKey? Idempotency { get; init; }
}
