using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Prepares "Dela med …": only the owner of an item may start, the preview shows exactly what the recipient would
/// see, and only grounds whose parties fit are offered — consent only when a recorded consent passes the PDP.
/// Opening the form is a read of the owner's own item and is audited as one.
/// </summary>
public sealed class DisclosurePlanner
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal DisclosurePlanner(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
        _clock = clock;
    }

    public async Task<ShareForm> GetAsync(ProcessContext context, string resourceType, Guid resourceId, Guid? recipientId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var target = await ShareTarget.AuthorizeOwnerAsync(_resolver, _access, _gateway, context, resourceType, resourceId, ct);
        var (grant, item) = (target.Grant, target.Item);
        var c = grant.Case;
        var policies = _gateway.Policies;
        var shares = await _resolver.ResolveDisclosuresAsync(c.Id, ct);
        var sharedWith = shares.TryGetValue(item.Id, out var s) ? s.To : [];

        var recipients = (await CaseParticipantQueries.ParticipantsAsync(_db, c.Id, grant.Actor.AuthorityId, ct))
            .Select(a =>
            {
                var regime = policies.Labels.Recipients.GetValueOrDefault(a.Kind);
                return new RecipientOption(a.Id, a.Name, a.Kind, regime?.Label ?? "Okänt skydd hos mottagaren", regime?.Protection ?? "none",
                    regime?.Warning ?? "Mottagarens skydd för uppgiften är okänt.", sharedWith.Contains(a.Id));
            }).ToList();
        var recipient = recipientId is { } rid ? recipients.FirstOrDefault(r => r.Id == rid)
            ?? throw new InvalidCommandException("Mottagaren deltar inte i ärendet. Välj en av de deltagande myndigheterna.") : null;

        var content = await ShareTarget.ReadContentAsync(_db, _fields, resourceType, item.Id, ct);
        SharePreview? preview = null;
        var grounds = new List<GroundOption>();
        if (recipient is not null)
        {
            var suppressed = content.HasContact && c.SubjectProtectedIdentity;
            preview = new SharePreview(content.Title, content.Text, content.HasContact, suppressed,
                !content.HasContact ? "Uppgiften har inga kontakt- eller platsuppgifter."
                : suppressed ? "Personen har skyddade personuppgifter. Kontakt- och platsuppgifterna lämnas inte ut utan en andra godkännare."
                : "Kontakt- och platsuppgifterna lämnas ut bara om du kryssar i det nedan.",
                recipient.RegimeLabel, recipient.Protection == "strong" ? null : recipient.Warning);
            grounds = await OfferedGroundsAsync(grant, context, item, recipient, ct);
        }

        var requests = await InformationRequests.OpenFromAsync(_db, _fields, c.Id, recipient?.Id, grant.Actor.AuthorityId, ct);
        var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == c.Id).Select(x => x.Reference).SingleAsync(ct);
        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, target.Draft, grant.Decision, ct);
        return new ShareForm(item.Id, resourceType, c.Id, reference, item.Category, ConsentReads.CategoryName(item.Category), content.Title,
            recipients, recipient, preview, grounds, requests);
    }

    private async Task<List<GroundOption>> OfferedGroundsAsync(CaseAccessGrant grant, ProcessContext context, ItemAttributes item, RecipientOption recipient, CancellationToken ct)
    {
        var policies = _gateway.Policies;
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var subject = await _resolver.ResolveSubjectAsync(grant.Case.SubjectPersonId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
        var consents = await _resolver.ResolveConsentsAsync(grant.Case.Id, ct);
        var result = new List<GroundOption>();
        foreach (var g in policies.LegalGrounds.Values.Where(g => g.Key is not ("OWN" or "AUDIT")).OrderBy(g => g.Key == "CONSENT" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!DisclosureRequests.PartiesFit(g, item.OwnerAuthorityKind, recipient.Kind) || !DisclosureRequests.InForce(g, today)) continue;
            var choices = new List<ConsentChoice>();
            if (g.Key == "CONSENT")
            {
                foreach (var consent in consents)
                {
                    var request = DisclosureRequests.Describe(_gateway.NewRequest(grant.Actor, context, "item.disclose"), grant.Case, item, subject,
                        recipient.Id, recipient.Kind, g.Key, DisclosureInitiatives.OwnInitiative, assessmentProvided: true, includeContact: false)
                        .DescribeConsent(consent);
                    if (_gateway.Decide(request).IsPermit)
                        choices.Add(new ConsentChoice(consent.Id, $"Samtycke registrerat för {grant.Case.Type}, gäller till och med {consent.ValidTo.AddDays(-1):yyyy-MM-dd}"));
                }

                // Consent is offered only if a recorded consent covers every subject, the recipient, the category and the programme.
                if (choices.Count == 0) continue;
            }

            result.Add(new GroundOption(g.Key, g.Title, g.Provision, g.Description, g.IsUnverified, g.AnteckningRequired,
                DisclosureRequests.FieldsFor(g, policies), choices));
        }

        return result;
    }
}
