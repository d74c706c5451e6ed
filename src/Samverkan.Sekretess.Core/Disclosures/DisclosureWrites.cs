using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Decides and records one disclosure in one grant: the PDP checks the ground's preconditions, every obligation is
/// discharged (record, anteckning, assessment, notices) or the disclosure is refused, and the record with the content the
/// recipient will see, the notice to the recipient and the entry commit together. A refusal is audited and explained in
/// the policies' own words.
/// </summary>
public sealed class DisclosureWrites
{
    private const int MaxAssessment = 4000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal DisclosureWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<Guid> DiscloseAsync(ProcessContext context, string resourceType, Guid resourceId, DiscloseCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var grant = await DisclosureOpening.OpenAsync(_gateway, context, new RecordRef(resourceType, resourceId), AccessMode.Write, ct);
        var (c, item) = (grant.Case, grant.Record);
        var form = new IdempotencyKey(Actions.ItemDisclose.Name, command.RequestKey);
        if (await ReplayAsync(grant, form, ct) is { } earlier) return earlier;

        var recipient = await (from p in _db.CaseParticipants.AsNoTracking()
                               join a in _db.Authorities.AsNoTracking() on p.AuthorityId equals a.Id
                               where p.CaseId == c.Id && p.AuthorityId == command.RecipientAuthorityId
                               select new { a.Id, a.Kind }).FirstOrDefaultAsync(ct);
        if (recipient is null || recipient.Id == grant.Actor.AuthorityId)
            throw new InvalidCommandException("Mottagaren deltar inte i ärendet. Välj en av de deltagande myndigheterna.");
        var policies = grant.Policies;
        if (command.Ground is not { } groundKey || !policies.LegalGrounds.TryGetValue(groundKey, out var ground) || groundKey is "OWN" or "AUDIT")
            throw new InvalidCommandException("Välj en rättslig grund för utlämnandet.");
        var initiative = command.Initiative ?? "";
        if (!DisclosureInitiatives.All.Contains(initiative)) throw new InvalidCommandException("Ange om uppgiften lämnas ut på begäran eller på eget initiativ.");
        var channel = command.Channel ?? DisclosureChannels.System;
        if (!DisclosureChannels.All.Contains(channel)) throw new InvalidCommandException("Ange hur uppgiften lämnas ut.");
        var assessment = (command.Assessment ?? "").Trim();
        if (assessment.Length > MaxAssessment) throw new InvalidCommandException($"Bedömningen får vara högst {MaxAssessment} tecken.");
        if (command.InformationRequestId is { } requestId && !await _db.InformationRequests.AnyAsync(r => r.Id == requestId && r.CaseId == c.Id
                && r.ToAuthorityId == grant.Actor.AuthorityId && r.FromAuthorityId == recipient.Id && r.Status == InformationRequestStatuses.Open, ct))
            throw new InvalidCommandException("Begäran är redan besvarad eller gäller inte denna mottagare.");
        if (initiative == DisclosureInitiatives.OnRequest && command.InformationRequestId is null)
            throw new InvalidCommandException("Välj vilken begäran utlämnandet besvarar, eller ange eget initiativ.");

        var subject = await _resolver.ResolveSubjectAsync(c.SubjectPersonId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
        var content = await RecordContent.ReadAsync(_db, _fields, item.Ref, ct) ?? throw new InvalidCommandException("Uppgiften finns inte längre.");
        var includeContact = command.IncludeContactDetails && content.HasContact;
        var fields = DisclosureRequests.FieldsFor(ground, policies);
        ConsentAttributes? consent = null;
        if (groundKey == "CONSENT")
        {
            var recorded = await _resolver.ResolveConsentsAsync(c.Id, ct);
            var chosen = (command.ConsentIds ?? []).Distinct().Select(id => recorded.FirstOrDefault(x => x.Id == id)).ToList();
            if (chosen.Count == 0 || chosen.Any(x => x is null)) throw new InvalidCommandException("Välj det samtycke som utlämnandet grundas på.");
            if (chosen.Any(x => x!.Withdrawn)) throw new InvalidCommandException("Samtycket har återkallats och kan inte längre användas. Inget har lämnats ut.");
            consent = ConsentComposition.Compose(chosen!, c.SubjectPersonId);
        }

        // Protected contact or location details: decide as if a second official had approved, and if that would be
        // permitted, record the disclosure as pending; it becomes active only when a colleague approves (ApproveAsync).
        var needsSecondApprover = includeContact && (c.SubjectProtectedIdentity || item.AnySubjectProtected || item.Category == "X");
        var (decision, duties) = await grant.CheckAsync(Actions.ItemDisclose, r =>
        {
            DisclosureRequests.Describe(r, c, item, subject, recipient.Id, recipient.Kind, groundKey, initiative, assessment.Length > 0, includeContact);
            DisclosureRequests.SetAnswers(r, fields, command.GroundAttributes);
            if (consent is not null) r.DescribeConsent(consent);
            if (needsSecondApprover) r.Set(PolicyAttributes.DisclosureSecondApproverRecorded, true);
            return r;
        }, ObligationProfile.Disclosure, null, ct, decidesEntry: true);
        if (duties is null)
        {
            if (decision.IsPermit) throw new DisclosureRefusedException("Utlämnandet kräver en åtgärd som systemet inte kan utföra här.") { Reasons = [.. decision.Obligations.Select(o => o.ToString())] };
            throw Refusal(decision, ground.Title, ground.Description, policies);
        }

        if (duties.AssessmentRequired && assessment.Length == 0)
        {
            await grant.RefuseAsync(null, ct);
            throw new InvalidCommandException("Grunden kräver din egen bedömning i det enskilda fallet. Skriv den innan du lämnar ut.");
        }

        return await grant.WriteAsync(async () =>
        {
            var id = Guid.NewGuid();
            if (duties.NotifyDpo)
                await _notifier.ToDpoAsync(grant.Actor.AuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, resourceId, $"disclosure:{id}", ct);
            var regime = policies.Labels.Recipients.GetValueOrDefault(recipient.Kind)?.Label ?? "Mottagarens egna regler";
            _db.Disclosures.Add(new Disclosure
            {
                Id = id, CaseId = c.Id, ResourceId = resourceId, ResourceType = item.Type, Category = item.Category,
                SenderAuthorityId = grant.Actor.AuthorityId, RecipientAuthorityId = recipient.Id, Ground = groundKey,
                ConsentId = consent?.Id,
                GroundAttributesJson = JsonSerializer.Serialize(command.GroundAttributes.Where(a => fields.Any(f => f.Attribute == a.Key)).ToDictionary(a => a.Key, a => a.Value)),
                AssessmentCipher = assessment.Length == 0 ? null : _fields.Protect(assessment),
                Initiative = initiative, Channel = channel, DecidedByUserId = grant.Actor.UserId, DecidedAt = _clock.GetUtcNow().UtcDateTime,
                // The loader guarantees the rule and the catalogue agree on the anteckning, so the decision alone says it.
                AnteckningRequired = duties.Anteckning, RecipientRegime = regime,
                PolicySetVersion = decision.PolicySetVersion, RuleIds = string.Join(',', decision.RuleIds),
                InformationRequestId = command.InformationRequestId,
                PendingSecondApproval = needsSecondApprover, IncludesContact = includeContact,
                // What the recipient will see: the same rendering as the preview the discloser was shown.
                ContentCipher = DisclosedContent.Of(content, includeContact).Protect(_fields),
            });
            if (consent is not null)
                _db.DisclosureConsents.AddRange(consent.ConsentIds.Select(x => new DisclosureConsent { DisclosureId = id, ConsentId = x }));
            _db.IdempotencyKeys.Add(new IdempotencyKeyRecord { UserId = grant.Actor.UserId, Form = form.Form, Token = form.Token, RecordId = id, CreatedAt = _clock.GetUtcNow().UtcDateTime });
            grant.Touch([resourceId, id]);
            if (needsSecondApprover)
            {
                await _notifier.ToAuthorityAsync(grant.Actor.AuthorityId, NotificationKinds.SecondApprovalNeeded, c.Id, id, $"approval:{id}", ct);
                grant.Draft = grant.Draft with { Action = "item.disclose.pending" };
                return id;
            }

            if (command.InformationRequestId is { } answered)
            {
                var r = await _db.InformationRequests.SingleAsync(x => x.Id == answered, ct);
                r.Status = InformationRequestStatuses.Answered;
                r.DecidedAt = _clock.GetUtcNow().UtcDateTime;
                r.DecidedByUserId = grant.Actor.UserId;
            }

            await _notifier.ToAuthorityAsync(recipient.Id, NotificationKinds.DisclosureReceived, c.Id, id, $"disclosure:{id}", ct);
            if (c.SubjectProtectedIdentity || item.AnySubjectProtected)
                await _notifier.ToDpoAsync(grant.Actor.AuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, id, $"protected:{id}", ct);
            return id;
        }, ct);
    }

    /// <summary>
    /// The second official approves a pending disclosure of protected contact details. The approval is itself decided
    /// (same authority, not the deciding official), and the disclosure is decided again with the approval recorded,
    /// so a consent withdrawn in the meantime still stops it.
    /// </summary>
    public async Task ApproveAsync(ProcessContext context, Guid disclosureId, CancellationToken ct)
    {
        var request = AccessRequest.Write(context, Actions.DisclosureApprove, new AccessTarget.Disclosure(disclosureId)) with
        {
            Describe = (r, f) => r.Set(PolicyAttributes.DisclosureDecidedByUserId, f.Disclosure!.DecidedByUserId),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        var d = grant.Facts.Disclosure!;
        if (!d.PendingSecondApproval || d.Ended) throw await grant.RefuseAsync(null, ct);
        var (c, item) = (grant.Case, grant.Record);
        var policies = grant.Policies;
        var ground = policies.LegalGrounds[d.Ground];
        var stored = await _db.Disclosures.AsNoTracking().Where(x => x.Id == disclosureId)
            .Select(x => new { x.Initiative, HasAssessment = x.AssessmentCipher != null, x.GroundAttributesJson }).SingleAsync(ct);
        var recipientKind = await _db.Authorities.Where(a => a.Id == d.RecipientAuthorityId).Select(a => a.Kind).SingleAsync(ct);
        var subject = await _resolver.ResolveSubjectAsync(c.SubjectPersonId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
        ConsentAttributes? consent = null;
        var consentIds = await _db.DisclosureConsents.AsNoTracking().Where(x => x.DisclosureId == disclosureId).Select(x => x.ConsentId).ToListAsync(ct);
        if (d.ConsentId is { } main && !consentIds.Contains(main)) consentIds.Add(main);
        if (consentIds.Count > 0)
        {
            var parts = new List<ConsentAttributes>();
            foreach (var id in consentIds)
                parts.Add(await _resolver.ResolveConsentAsync(id, ct) ?? throw new InvalidOperationException("The disclosure names a consent that does not exist."));
            consent = ConsentComposition.Compose(parts, c.SubjectPersonId);
        }

        var (decision, duties) = await grant.CheckAsync(Actions.ItemDisclose, r =>
        {
            DisclosureRequests.Describe(r, c, item, subject, d.RecipientAuthorityId, recipientKind, d.Ground, stored.Initiative, stored.HasAssessment, includeContact: true)
                .Set(PolicyAttributes.DisclosureSecondApproverRecorded, true);
            DisclosureRequests.SetAnswers(r, DisclosureRequests.FieldsFor(ground, policies),
                JsonSerializer.Deserialize<Dictionary<string, string>>(stored.GroundAttributesJson) ?? []);
            if (consent is not null) r.DescribeConsent(consent);
            return r;
        }, ObligationProfile.Disclosure, x => x with { ResourceType = d.Record.Type, ResourceId = d.Record.Id.ToString() }, ct);
        if (duties is null) throw Refusal(decision, ground.Title, ground.Description, policies);

        await grant.WriteAsync(async () =>
        {
            var entity = await _db.Disclosures.SingleAsync(x => x.Id == disclosureId, ct);
            entity.PendingSecondApproval = false;
            entity.SecondApproverUserId = grant.Actor.UserId;
            await _notifier.ToAuthorityAsync(d.RecipientAuthorityId, NotificationKinds.DisclosureReceived, c.Id, d.Id, $"disclosure:{d.Id}", ct);
            await _notifier.ToDpoAsync(d.SenderAuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, d.Id, $"protected:{d.Id}", ct);
            grant.AlsoAudit(grant.Draft with { Action = Actions.ItemDisclose.Name, ResourceType = d.Record.Type, ResourceId = d.Record.Id.ToString() }, decision);
        }, ct);
    }

    /// <summary>A doubled submit of the same form by the same user: the first submit's disclosure, nothing new.</summary>
    private async Task<Guid?> ReplayAsync(AccessGateway.Grant grant, IdempotencyKey form, CancellationToken ct) =>
        await _db.IdempotencyKeys.AsNoTracking().Where(k => k.UserId == grant.Actor.UserId && k.Form == form.Form && k.Token == form.Token)
            .Select(k => (Guid?)k.RecordId).FirstOrDefaultAsync(ct);

    private static DisclosureRefusedException Refusal(Decision decision, string groundTitle, string groundDescription, PolicySet policies)
    {
        var rules = policies.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var reasons = decision.RuleIds.Select(id => rules.TryGetValue(id, out var r) ? r.Description : id).ToList();
        if (reasons.Count == 0) reasons.Add($"Förutsättningarna för {groundTitle} är inte uppfyllda: {groundDescription}");
        return new DisclosureRefusedException("Uppgiften kan inte lämnas ut på den valda grunden. Inget har lämnats ut.") { Reasons = reasons };
    }
}
