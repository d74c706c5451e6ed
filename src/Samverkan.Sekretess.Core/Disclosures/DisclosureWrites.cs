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
/// Decides and records one disclosure in one transaction: the PDP checks the ground's preconditions, every obligation is
/// discharged (record, anteckning, assessment, notices) or the disclosure is refused, and the record, the notice to
/// the recipient and the audit entry commit together. A refusal is audited and explained in the policies' own words.
/// </summary>
public sealed class DisclosureWrites
{
    private const int MaxAssessment = 4000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal DisclosureWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<Guid> DiscloseAsync(ProcessContext context, string resourceType, Guid resourceId, DiscloseCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var tx = await _gateway.BeginAsync(ct);
        var target = await ShareTarget.AuthorizeOwnerAsync(_resolver, _access, _gateway, context, resourceType, resourceId, ct);
        var (grant, item) = (target.Grant, target.Item);
        var c = grant.Case;
        var draft = target.Draft with { Action = "item.disclose" };

        var replay = await _db.Disclosures.AsNoTracking().Where(d => d.RequestKey == command.RequestKey)
            .Select(d => new { d.Id, d.SenderAuthorityId, d.ResourceId }).FirstOrDefaultAsync(ct);
        if (replay is not null)
        {
            // A doubled submit of the same form: one record. A key reused for something else is refused.
            if (replay.SenderAuthorityId == grant.Actor.AuthorityId && replay.ResourceId == resourceId) return replay.Id;
            throw new InvalidCommandException("Formuläret har redan skickats. Ladda om sidan.");
        }

        var recipient = await (from p in _db.CaseParticipants.AsNoTracking()
                               join a in _db.Authorities.AsNoTracking() on p.AuthorityId equals a.Id
                               where p.CaseId == c.Id && p.AuthorityId == command.RecipientAuthorityId
                               select new { a.Id, a.Kind }).FirstOrDefaultAsync(ct);
        if (recipient is null || recipient.Id == grant.Actor.AuthorityId)
            throw new InvalidCommandException("Mottagaren deltar inte i ärendet. Välj en av de deltagande myndigheterna.");
        var policies = _gateway.Policies;
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
        var content = await ShareTarget.ReadContentAsync(_db, _fields, resourceType, item.Id, ct);
        var includeContact = command.IncludeContactDetails && content.HasContact;
        var request = DisclosureRequests.Describe(_gateway.NewRequest(grant.Actor, context, "item.disclose"), c, item, subject,
            recipient.Id, recipient.Kind, groundKey, initiative, assessment.Length > 0, includeContact);
        var fields = DisclosureRequests.FieldsFor(ground, policies);
        DisclosureRequests.SetAnswers(request, fields, command.GroundAttributes);
        if (groundKey == "CONSENT")
        {
            var consents = await _resolver.ResolveConsentsAsync(c.Id, ct);
            var consent = consents.FirstOrDefault(x => x.Id == command.ConsentId) ?? throw new InvalidCommandException("Välj det samtycke som utlämnandet grundas på.");
            if (consent.Withdrawn) throw new InvalidCommandException("Samtycket har återkallats och kan inte längre användas. Inget har lämnats ut.");
            request.DescribeConsent(consent);
        }

        // Protected contact or location details: decide as if a second official had approved, and if that would be
        // permitted, record the disclosure as pending; it becomes active only when a colleague approves (ApproveAsync).
        var needsSecondApprover = includeContact && (c.SubjectProtectedIdentity || item.Category == "X");
        if (needsSecondApprover) request.Set("disclosure.secondApproverRecorded", true);
        var decision = _gateway.Decide(request);
        if (!decision.IsPermit)
        {
            await _gateway.DenyAsync(grant.Actor, context, draft, decision, ct);
            throw Refusal(decision, ground.Title, ground.Description, policies);
        }

        var anteckning = false;
        foreach (var o in decision.Obligations)
        {
            switch (o.Kind)
            {
                case "audit-read" or "record-disclosure" or "notify-owner":
                    break; // the record, the entry and the owner's copy (the sender is the owner) are written below
                case "anteckning":
                    anteckning = true;
                    break;
                case "require-assessment-text" when assessment.Length == 0:
                    await _gateway.DenyAsync(grant.Actor, context, draft, decision, ct);
                    throw new InvalidCommandException("Grunden kräver din egen bedömning i det enskilda fallet. Skriv den innan du lämnar ut.");
                case "require-assessment-text":
                    break;
                case "notify-dpo":
                    await _notifier.ToDpoAsync(grant.Actor.AuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, resourceId, $"disclosure:{command.RequestKey}", ct);
                    break;
                default:
                    // An obligation this code cannot discharge is a refusal, never an ignored duty.
                    await _gateway.DenyAsync(grant.Actor, context, draft, decision, ct);
                    throw new DisclosureRefusedException("Utlämnandet kräver en åtgärd som systemet inte kan utföra här.") { Reasons = [o.ToString()] };
            }
        }

        var regime = policies.Labels.Recipients.GetValueOrDefault(recipient.Kind)?.Label ?? "Mottagarens egna regler";
        var id = Guid.NewGuid();
        _db.Disclosures.Add(new Disclosure
        {
            Id = id, CaseId = c.Id, ResourceId = resourceId, ResourceType = resourceType, Category = item.Category,
            SenderAuthorityId = grant.Actor.AuthorityId, RecipientAuthorityId = recipient.Id, Ground = groundKey,
            ConsentId = groundKey == "CONSENT" ? command.ConsentId : null,
            GroundAttributesJson = JsonSerializer.Serialize(command.GroundAttributes.Where(a => fields.Any(f => f.Attribute == a.Key)).ToDictionary(a => a.Key, a => a.Value)),
            AssessmentCipher = assessment.Length == 0 ? null : _fields.Protect(assessment),
            Initiative = initiative, Channel = channel, DecidedByUserId = grant.Actor.UserId, DecidedAt = _clock.GetUtcNow().UtcDateTime,
            AnteckningRequired = anteckning || ground.AnteckningRequired, RecipientRegime = regime,
            PolicySetVersion = decision.PolicySetVersion, RuleIds = string.Join(',', decision.RuleIds),
            InformationRequestId = command.InformationRequestId, RequestKey = command.RequestKey,
            PendingSecondApproval = needsSecondApprover,
        });
        if (needsSecondApprover)
        {
            await _notifier.ToAuthorityAsync(grant.Actor.AuthorityId, NotificationKinds.SecondApprovalNeeded, c.Id, id, $"approval:{id}", ct);
            await _db.SaveChangesAsync(ct);
            await _gateway.AuditPermitAsync(grant.Actor, context, draft with { Action = "item.disclose.pending", RelatedIds = [resourceId, id] }, decision, ct);
            await tx.CommitAsync(ct);
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
        if (c.SubjectProtectedIdentity)
            await _notifier.ToDpoAsync(grant.Actor.AuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, id, $"protected:{id}", ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, draft with { RelatedIds = [resourceId, id] }, decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// The second official approves a pending disclosure of protected contact details. The approval is itself decided
    /// (same authority, not the deciding official), and the disclosure is decided again with the approval recorded,
    /// so a consent withdrawn in the meantime still stops it.
    /// </summary>
    public async Task ApproveAsync(ProcessContext context, Guid disclosureId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var d = await _db.Disclosures.FirstOrDefaultAsync(x => x.Id == disclosureId, ct);
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("disclosure.approve", "disclosure", disclosureId.ToString(), d?.SenderAuthorityId, d?.CaseId, RelatedIds: d is null ? null : [disclosureId, d.ResourceId]);
        var c = d is null ? null : await _resolver.ResolveCaseAsync(d.CaseId, ct);
        if (d is null || c is null || !d.PendingSecondApproval || d.EndedAt is not null) throw await _gateway.DenyAsync(actor, context, draft, null, ct);
        var resolved = d.ResourceType == "action_plan" ? await _resolver.ResolveActionPlanEntryAsync(d.ResourceId, ct) : await _resolver.ResolveItemAsync(d.ResourceId, ct);
        var item = await _resolver.WithDisclosuresAsync(c.Id, resolved!.Value.Item2, ct);
        var approval = _gateway.Decide(_gateway.NewRequest(actor, context, "disclosure.approve").DescribeItem(c, item)
            .Set("disclosure.decidedByUserId", d.DecidedByUserId));
        if (!approval.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, approval, ct);

        var policies = _gateway.Policies;
        var ground = policies.LegalGrounds[d.Ground];
        var recipientKind = await _db.Authorities.Where(a => a.Id == d.RecipientAuthorityId).Select(a => a.Kind).SingleAsync(ct);
        var subject = await _resolver.ResolveSubjectAsync(c.SubjectPersonId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
        var request = DisclosureRequests.Describe(_gateway.NewRequest(actor, context, "item.disclose"), c, item, subject, d.RecipientAuthorityId, recipientKind,
            d.Ground, d.Initiative, d.AssessmentCipher is not null, includeContact: true).Set("disclosure.secondApproverRecorded", true);
        DisclosureRequests.SetAnswers(request, DisclosureRequests.FieldsFor(ground, policies),
            JsonSerializer.Deserialize<Dictionary<string, string>>(d.GroundAttributesJson) ?? []);
        if (d.ConsentId is { } consentId)
        {
            var consent = await _resolver.ResolveConsentAsync(consentId, ct) ?? throw new InvalidOperationException("The disclosure names a consent that does not exist.");
            request.DescribeConsent(consent);
        }

        var decision = _gateway.Decide(request);
        var discloseDraft = draft with { Action = "item.disclose", ResourceType = d.ResourceType, ResourceId = d.ResourceId.ToString() };
        if (!decision.IsPermit)
        {
            await _gateway.DenyAsync(actor, context, discloseDraft, decision, ct);
            throw Refusal(decision, ground.Title, ground.Description, policies);
        }

        d.PendingSecondApproval = false;
        d.SecondApproverUserId = actor.UserId;
        await _notifier.ToAuthorityAsync(d.RecipientAuthorityId, NotificationKinds.DisclosureReceived, c.Id, d.Id, $"disclosure:{d.Id}", ct);
        await _notifier.ToDpoAsync(d.SenderAuthorityId, NotificationKinds.ProtectedIdentityAccess, c.Id, d.Id, $"protected:{d.Id}", ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft, approval, ct);
        await _gateway.AuditPermitAsync(actor, context, discloseDraft, decision, ct);
        await tx.CommitAsync(ct);
    }

    private static DisclosureRefusedException Refusal(Decision decision, string groundTitle, string groundDescription, PolicySet policies)
    {
        var rules = policies.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var reasons = decision.RuleIds.Select(id => rules.TryGetValue(id, out var r) ? r.Description : id).ToList();
        if (reasons.Count == 0) reasons.Add($"Förutsättningarna för {groundTitle} är inte uppfyllda: {groundDescription}");
        return new DisclosureRefusedException("Uppgiften kan inte lämnas ut på den valda grunden. Inget har lämnats ut.") { Reasons = reasons };
    }
}
