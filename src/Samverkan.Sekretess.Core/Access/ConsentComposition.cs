namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// A disclosure about several persons needs each one's consent for their own data (legal brief §1.7, §3.2). The PIP
/// composes the chosen consents into one set of facts that is never wider than any part: the persons are the union,
/// every scope (senders, recipients, categories, validity) the intersection, a purpose only if all agree, and one
/// withdrawn part withdraws the whole. The age and custody facts are those of the case's own person's consent, whom
/// <c>dataSubject.*</c> describes.
/// </summary>
internal static class ConsentComposition
{
    public static ConsentAttributes? Compose(IReadOnlyList<ConsentAttributes> parts, Guid caseSubjectId)
    {
        if (parts.Count == 0) return null;
        if (parts.Count == 1) return parts[0];
        var main = parts.FirstOrDefault(p => p.SubjectPersonId == caseSubjectId) ?? parts[0];
        var purposes = parts.Select(p => p.Purpose).Distinct(StringComparer.Ordinal).ToList();
        return new ConsentAttributes(
            main.Id, main.SubjectPersonId,
            Intersect(parts.Select(p => p.Senders)), Intersect(parts.Select(p => p.Recipients)),
            parts.Skip(1).Aggregate((IEnumerable<string>)parts[0].Categories, (acc, p) => acc.Intersect(p.Categories, StringComparer.Ordinal)).ToList(),
            purposes.Count == 1 ? purposes[0] : "",
            parts.Max(p => p.ValidFrom), parts.Min(p => p.ValidTo),
            parts.Any(p => p.Withdrawn), main.GivenBySubject, main.GuardianConsentCount, main.CustodyExceptionDocumented)
        {
            SubjectPersonIds = parts.Select(p => p.SubjectPersonId).Distinct().ToList(),
            ConsentIds = parts.Select(p => p.Id).ToList(),
        };
    }

    private static List<Guid> Intersect(IEnumerable<IReadOnlyList<Guid>> sets) =>
        sets.Aggregate((IEnumerable<Guid>?)null, (acc, s) => acc is null ? s : acc.Intersect(s))?.ToList() ?? [];
}
