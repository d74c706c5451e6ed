using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Prepares "Dela med …": only the owner of a record may start; the preview is the very <see cref="DisclosedContent"/> the
/// recipient would get; only grounds whose parties fit are offered — consent only when recorded consents of every person
/// the record is about pass the PDP, and otherwise the form says whose consent is missing. Opening the form is an
/// audited read of the owner's own record.
/// </summary>
public sealed class DisclosurePlanner
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal DisclosurePlanner(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _clock = clock;
    }

    public async Task<ShareForm> GetAsync(ProcessContext context, string resourceType, Guid resourceId, Guid? recipientId, CancellationToken ct)
    {
        await using var grant = await DisclosureOpening.OpenAsync(_gateway, context, new RecordRef(resourceType, resourceId), AccessMode.Read, ct);
        return await grant.ReadAsync(async () =>
        {
            var (c, item) = (grant.Case, grant.Record);
            var policies = grant.Policies;
            var sharedWith = grant.Record.DisclosedTo ?? [];
            var recipients = (await CaseParticipantQueries.ParticipantsAsync(_db, c.Id, grant.Actor.AuthorityId, ct))
                .Select(a =>
                {
                    var regime = policies.Labels.Recipients.GetValueOrDefault(a.Kind);
                    return new RecipientOption(a.Id, a.Name, a.Kind, regime?.Label ?? "Okänt skydd hos mottagaren", regime?.Protection ?? "none",
                        regime?.Warning ?? "Mottagarens skydd för uppgiften är okänt.", sharedWith.Contains(a.Id));
                }).ToList();
            var recipient = recipientId is { } rid ? recipients.FirstOrDefault(r => r.Id == rid)
                ?? throw new InvalidCommandException("Mottagaren deltar inte i ärendet. Välj en av de deltagande myndigheterna.") : null;

            var content = await RecordContent.ReadAsync(_db, _fields, item.Ref, ct) ?? throw new InvalidCommandException("Uppgiften finns inte längre.");
            SharePreview? preview = null;
            var grounds = new List<GroundOption>();
            IReadOnlyList<string> missing = [];
            if (recipient is not null)
            {
                var suppressed = content.HasContact && (c.SubjectProtectedIdentity || item.AnySubjectProtected);
                // The discloser's own read decision may hide the contact details (protected identity, ITEM-R-003): then the
                // preview says they exist but does not show them to her either.
                var hiddenFromMe = grant.Duties.Redactions.Contact || grant.Duties.Redactions.Location;
                // The preview IS what the recipient gets: the same function renders the stored disclosure and the recipient's view.
                preview = new SharePreview(DisclosedContent.Of(content, includeContact: false),
                    content.HasContact && !hiddenFromMe ? DisclosedContent.Of(content, includeContact: true) : null,
                    suppressed,
                    !content.HasContact ? "Uppgiften har inga kontakt- eller platsuppgifter."
                    : suppressed ? "Personen har skyddade personuppgifter. Kontakt- och platsuppgifterna är dolda och lämnas inte ut utan en andra godkännare."
                    : "Kontakt- och platsuppgifterna lämnas ut bara om du kryssar i det nedan.",
                    recipient.RegimeLabel, recipient.Protection == "strong" ? null : recipient.Warning, content.HasContact);
                (grounds, missing) = await OfferedGroundsAsync(grant, context, recipient, ct);
            }

            var requests = await InformationRequests.OpenFromAsync(_db, _fields, c.Id, recipient?.Id, grant.Actor.AuthorityId, ct);
            var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == c.Id).Select(x => x.Reference).SingleAsync(ct);
            var subjects = await PersonNamesAsync(item.DataSubjectIds.Count > 0 ? item.DataSubjectIds : [c.SubjectPersonId], ct);
            return new ShareForm(item.Id, item.Type, c.Id, reference, item.Category, ConsentReads.CategoryName(item.Category),
                item.Type == ResourceTypes.ActionPlan ? "Åtagande i åtgärdsplanen" : content.Title, recipients, recipient, preview, grounds, requests)
            {
                Subjects = subjects.Values.ToList(),
                MissingConsentFrom = missing,
            };
        }, ct);
    }

    private async Task<(List<GroundOption> Grounds, IReadOnlyList<string> MissingConsent)> OfferedGroundsAsync(AccessGateway.Grant grant, ProcessContext context,
        RecipientOption recipient, CancellationToken ct)
    {
        var (c, item) = (grant.Case, grant.Record);
        var policies = grant.Policies;
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var subject = await _resolver.ResolveSubjectAsync(c.SubjectPersonId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
        var consents = await _resolver.ResolveConsentsAsync(c.Id, ct);
        var result = new List<GroundOption>();
        IReadOnlyList<string> missing = [];
        foreach (var g in policies.LegalGrounds.Values.Where(g => g.Key is not ("OWN" or "AUDIT")).OrderBy(g => g.Key == "CONSENT" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!DisclosureRequests.PartiesFit(g, item.OwnerAuthorityKind, recipient.Kind) || !DisclosureRequests.InForce(g, today)) continue;
            var choices = new List<ConsentChoice>();
            if (g.Key == "CONSENT")
            {
                var persons = item.DataSubjectIds.Count > 0 ? item.DataSubjectIds : [c.SubjectPersonId];
                foreach (var combination in ConsentCombinations.Of(persons, consents))
                {
                    var composed = ConsentComposition.Compose(combination, c.SubjectPersonId)!;
                    var permitted = grant.Decide(Actions.ItemDisclose, r => DisclosureRequests.Describe(r, c, item, subject, recipient.Id, recipient.Kind, g.Key,
                        DisclosureInitiatives.OwnInitiative, assessmentProvided: true, includeContact: false).DescribeConsent(composed)).IsPermit;
                    if (permitted)
                        choices.Add(new ConsentChoice(combination.Select(x => x.Id).ToList(),
                            $"Samtycke registrerat för {c.Type}, gäller till och med {composed.ValidTo.AddDays(-1):yyyy-MM-dd}"
                            + (combination.Count > 1 ? $" ({combination.Count} personers samtycken)" : "")));
                }

                // Whose own consent is missing (none recorded; or, when all have one, none that covers this recipient,
                // category and programme together): the form says so, by name.
                if (choices.Count == 0)
                {
                    var names = await PersonNamesAsync(persons, ct);
                    var without = persons.Where(p => consents.All(x => x.SubjectPersonId != p)).ToList();
                    missing = (without.Count > 0 ? without : persons).Select(p => names.GetValueOrDefault(p, "en person")).ToList();
                }

                // Consent is offered only if recorded consents cover every person, the recipient, the category and the programme.
                if (choices.Count == 0) continue;
            }

            result.Add(new GroundOption(g.Key, g.Title, g.Provision, g.Description, g.IsUnverified, g.AnteckningRequired,
                DisclosureRequests.FieldsFor(g, policies), choices));
        }

        return (result, missing);
    }

    /// <summary>The names of the persons a record is about, for the owner's own form (never in a URL or log).</summary>
    private async Task<Dictionary<Guid, string>> PersonNamesAsync(IReadOnlyList<Guid> persons, CancellationToken ct) =>
        (await _db.Persons.AsNoTracking().Where(p => persons.Contains(p.Id)).Select(p => new { p.Id, p.NameCipher }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => _fields.Unprotect(p.NameCipher));
}

/// <summary>The ways to cover every person of a record with one recorded consent each (at most a few dozen; newest first).</summary>
internal static class ConsentCombinations
{
    private const int Max = 32;

    public static IEnumerable<IReadOnlyList<ConsentAttributes>> Of(IReadOnlyList<Guid> persons, IReadOnlyList<ConsentAttributes> consents)
    {
        var perPerson = persons.Select(p => consents.Where(x => x.SubjectPersonId == p).Reverse().ToList()).ToList();
        if (perPerson.Any(list => list.Count == 0)) yield break;
        IEnumerable<IReadOnlyList<ConsentAttributes>> combos = [[]];
        foreach (var options in perPerson)
            combos = combos.SelectMany(prefix => options.Select(o => (IReadOnlyList<ConsentAttributes>)[.. prefix, o]));
        foreach (var combination in combos.Take(Max)) yield return combination;
    }
}
