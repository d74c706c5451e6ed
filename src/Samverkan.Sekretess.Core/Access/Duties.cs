using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Which obligations a kind of access can discharge. The gateway refuses (fail closed) a permit that carries any
/// obligation outside the profile the service asked for: a new obligation in policies/ never silently becomes a permit.
/// </summary>
internal enum ObligationProfile
{
    /// <summary>A plain read: the entry is written; contact and location details may be redacted.</summary>
    Read,

    /// <summary>A read under nödåtkomst: as <see cref="Read"/>, plus notices to the owner and the DPO; the reason given at start is the assessment.</summary>
    BreakGlassRead,

    /// <summary>A write of the caller's own data: nothing but the entry.</summary>
    Write,

    /// <summary>A write that tells others (starting break-the-glass): the entry plus notices to the owners and the DPO.</summary>
    NotifyingWrite,

    /// <summary>A disclosure: the record, the anteckning, the assessment and the notices.</summary>
    Disclosure,

    /// <summary>An aggregate: small cells must be suppressed with the policy's threshold (and a permit without it is refused).</summary>
    Aggregate,
}

/// <summary>What the decision obliges the grant's work to do, once the gateway has checked that all of it can be done.</summary>
internal sealed record Duties(ReadRedactions Redactions, bool NotifyOwner, bool NotifyDpo, bool Anteckning, bool AssessmentRequired, int? SmallCellThreshold)
{
    public static readonly Duties None = new(ReadRedactions.None, false, false, false, false, null);

    /// <summary>The duties of <paramref name="decision"/> under <paramref name="profile"/>, or null when one cannot be discharged there.</summary>
    public static Duties? Of(Decision decision, ObligationProfile profile)
    {
        var (contact, location, owner, dpo, anteckning, assessment) = (false, false, false, false, false, false);
        int? threshold = null;
        foreach (var o in decision.Obligations)
        {
            var allowed = (o.Kind, o.Argument, profile) switch
            {
                ("audit-read", _, _) => true, // the grant writes the entry for every access
                ("redact", "contact", ObligationProfile.Read or ObligationProfile.BreakGlassRead) => contact = true,
                ("redact", "location", ObligationProfile.Read or ObligationProfile.BreakGlassRead) => location = true,
                ("notify-owner", _, ObligationProfile.BreakGlassRead or ObligationProfile.NotifyingWrite or ObligationProfile.Disclosure) => owner = true,
                ("notify-dpo", _, ObligationProfile.BreakGlassRead or ObligationProfile.NotifyingWrite or ObligationProfile.Disclosure) => dpo = true,
                ("require-assessment-text", _, ObligationProfile.BreakGlassRead or ObligationProfile.Disclosure) => assessment = true,
                ("record-disclosure", _, ObligationProfile.Disclosure) => true,
                ("anteckning", _, ObligationProfile.Disclosure) => anteckning = true,
                ("suppress-small-cells", { } arg, ObligationProfile.Aggregate) => SetThreshold(arg, ref threshold),
                _ => false,
            };
            if (!allowed) return null;
        }

        // No aggregate is ever shown uncontrolled, whatever a policy edit says.
        if (profile == ObligationProfile.Aggregate && threshold is null) return null;
        return new Duties(new ReadRedactions(contact, location), owner, dpo, anteckning, assessment, threshold);
    }

    private static bool SetThreshold(string argument, ref int? threshold)
    {
        if (!int.TryParse(argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
            || t < Statistics.SmallCellSuppression.MinimumThreshold || t > 1000)
            return false;
        threshold = Math.Max(threshold ?? 0, t);
        return true;
    }
}
