using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>What a permitted read must hide from the caller.</summary>
internal sealed record ReadRedactions(bool Contact, bool Location)
{
    public static readonly ReadRedactions None = new(false, false);
}

/// <summary>
/// Discharges a decision's obligations for a read, or refuses it. An obligation this code does not know
/// how to discharge is a deny (fail closed): a new obligation in policies/ never silently becomes a permit.
/// </summary>
internal static class ObligationEnforcer
{
    /// <summary>Returns the redactions to apply, or null when some obligation cannot be discharged for a read.</summary>
    public static ReadRedactions? ForRead(Decision decision) => ForRead(decision.Obligations);

    private static ReadRedactions? ForRead(IEnumerable<Obligation> obligations)
    {
        var contact = false;
        var location = false;
        foreach (var o in obligations)
        {
            switch (o.Kind)
            {
                case "audit-read":
                    break; // the gateway writes the read entry for every permitted read anyway
                case "redact" when o.Argument == "contact":
                    contact = true;
                    break;
                case "redact" when o.Argument == "location":
                    location = true;
                    break;
                default:
                    // notify-*, require-*, record-disclosure, anteckning … need flows that a plain read
                    // cannot satisfy (break-the-glass, disclosure): deny rather than ignore them.
                    return null;
            }
        }

        return new ReadRedactions(contact, location);
    }

    /// <summary>
    /// A read under nödåtkomst (BTG-R-001): besides the read obligations it may demand notices to the owner and the DPO
    /// (the caller sends them) and an assessment text (the mandatory reason given at start discharges it).
    /// Returns null when any other obligation appears.
    /// </summary>
    public static (ReadRedactions Redactions, bool NotifyOwner, bool NotifyDpo)? ForBreakGlassRead(Decision decision)
    {
        var plain = new List<Obligation>();
        var (owner, dpo) = (false, false);
        foreach (var o in decision.Obligations)
        {
            if (o.Kind == "notify-owner") owner = true;
            else if (o.Kind == "notify-dpo") dpo = true;
            else if (o.Kind != "require-assessment-text") plain.Add(o);
        }

        var redactions = ForRead(plain);
        return redactions is null ? null : (redactions, owner, dpo);
    }

    /// <summary>Writes of the caller's own data carry no obligations today; any obligation means deny.</summary>
    public static bool ForOwnWrite(Decision decision) =>
        decision.Obligations.All(o => o.Kind == "audit-read");
}
