using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Cases;

public sealed partial class CaseReads
{
    /// <summary>The newest active share of a record to the caller's authority, with what it disclosed.</summary>
    private sealed record ReceivedShare(ReceivedVia Via, DisclosedContent Content);

    private async Task<(List<ItemView> Visible, int Hidden)> ReadItemsAsync(AccessGateway.Grant grant, CaseRecordFacts records,
        Dictionary<RecordRef, ReceivedShare> received, ActiveBreakGlass? glass, CancellationToken ct)
    {
        var (actor, c) = (grant.Actor, grant.Case);
        var rows = await ItemQuery(i => i.CaseId == c.Id).ToListAsync(ct);
        var visible = new List<ItemView>();
        var elevated = new List<Guid>();
        Policy.Decision? elevatedDecision = null;
        var hidden = 0;
        foreach (var i in rows)
        {
            var attributes = records.Describe(new ItemAttributes(i.Id, i.OwnerAuthorityId, i.OwnerKind, i.Category));
            var decision = grant.Decide(Actions.ItemRead, r =>
            {
                r.DescribeItem(c, attributes).ForReader(attributes, actor);
                if (glass is not null)
                {
                    r.Set(PolicyAttributes.BreakGlassActive, true).Set(PolicyAttributes.BreakGlassReasonProvided, true).Set(PolicyAttributes.ContextAcuteDanger, true)
                        .Set(PolicyAttributes.BreakGlassExpiresAt, new DateTimeOffset(DateTime.SpecifyKind(glass.ExpiresAt, DateTimeKind.Utc)));
                }

                return r;
            });
            var duties = decision.IsPermit ? Duties.Of(decision, ObligationProfile.Read) : null;
            var underGlass = false;
            if (duties is null && decision.IsPermit && glass is not null && Duties.Of(decision, ObligationProfile.BreakGlassRead) is { } owed)
            {
                (duties, underGlass, elevatedDecision) = (owed, true, decision);
                elevated.Add(i.Id);
                if (owed.NotifyOwner)
                    await _notifier.ToAuthorityAsync(i.OwnerAuthorityId, NotificationKinds.BreakGlass, c.Id, glass.Id, $"breakglass:{glass.Id}:{i.OwnerAuthorityId}", ct);
                if (owed.NotifyDpo)
                    await _notifier.ToDpoAsync(actor.AuthorityId, NotificationKinds.ReviewTask, c.Id, glass.Id, $"breakglass.review:{glass.Id}", ct);
            }

            if (duties is null)
            {
                // Whether to reveal that an item exists is itself a policy question (26:1: even "known to us" is secret).
                if (grant.Decide(Actions.ItemExists, r => r.DescribeItem(c, attributes)).IsPermit) hidden++;
                continue;
            }

            var redact = duties.Redactions.Contact || duties.Redactions.Location;
            var mayEdit = grant.Would(Actions.ItemUpdate, r => r.DescribeItem(c, attributes));
            var why = DecisionExplainer.Explain(decision, grant.Policies);
            if (i.OwnerAuthorityId != actor.AuthorityId && !underGlass && received.TryGetValue(attributes.Ref, out var share))
            {
                // Received: exactly what the disclosure showed its sender's preview, never the record as it is now.
                var content = share.Content;
                visible.Add(new ItemView(i.Id, i.Category, content.Title, content.Text, redact ? null : content.Contact, redact && content.Contact is not null,
                    i.OwnerAuthorityId, i.OwnerName, share.Via.DisclosedAt, null, i.ConcurrencyStamp, mayEdit, why) { Received = share.Via });
                continue;
            }

            var contactRedacted = i.ContactCipher is not null && redact;
            visible.Add(new ItemView(i.Id, i.Category, _fields.Unprotect(i.TitleCipher), _fields.Unprotect(i.TextCipher),
                contactRedacted || i.ContactCipher is null ? null : _fields.Unprotect(i.ContactCipher), contactRedacted,
                i.OwnerAuthorityId, i.OwnerName, i.CreatedAt, i.UpdatedAt, i.ConcurrencyStamp, mayEdit, why)
            {
                MayShare = mayEdit,
            });
        }

        // Reads under nödåtkomst get their own entry with the BTG rule and ground NÖD, so the review finds every one.
        if (elevatedDecision is not null)
            grant.AlsoAudit(grant.Draft with { Action = Actions.ItemRead.Name, ResourceType = ResourceTypes.Item, RelatedIds = elevated }, elevatedDecision);
        return (visible, hidden);
    }

    private async Task<List<ActionPlanEntryView>> ReadActionPlanAsync(AccessGateway.Grant grant, CaseRecordFacts records,
        Dictionary<RecordRef, ReceivedShare> received, CancellationToken ct)
    {
        var (actor, c) = (grant.Actor, grant.Case);
        var rows = await (from e in _db.ActionPlanEntries.AsNoTracking()
                          join a in _db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                          where e.CaseId == c.Id
                          orderby e.DueDate, e.CreatedAt
                          select new { e.Id, e.OwnerAuthorityId, OwnerName = a.Name, a.Kind, e.WhatCipher, e.ResponsibleCipher, e.DueDate, e.Status, e.ConcurrencyStamp })
            .ToListAsync(ct);
        var visible = new List<ActionPlanEntryView>();
        foreach (var e in rows)
        {
            var attributes = records.Describe(new ItemAttributes(e.Id, e.OwnerAuthorityId, e.Kind, ItemCategories.ActionPlan) { Type = ResourceTypes.ActionPlan });
            var decision = grant.Decide(Actions.ActionplanRead, r => r.DescribeItem(c, attributes, ResourceTypes.ActionPlan));
            if (!decision.IsPermit || Duties.Of(decision, ObligationProfile.Read) is null) continue;
            var mayEdit = grant.Would(Actions.ActionplanUpdate, r => r.DescribeItem(c, attributes, ResourceTypes.ActionPlan));
            if (e.OwnerAuthorityId != actor.AuthorityId && received.TryGetValue(attributes.Ref, out var share))
            {
                // Received: what, who and when as disclosed; the status follows the plan, as the preview said.
                var content = share.Content;
                visible.Add(new ActionPlanEntryView(e.Id, content.What ?? "", content.Responsible ?? "", content.DueDate ?? e.DueDate, e.Status,
                    e.OwnerAuthorityId, e.OwnerName, e.ConcurrencyStamp, mayEdit) { Received = share.Via });
                continue;
            }

            visible.Add(new ActionPlanEntryView(e.Id, _fields.Unprotect(e.WhatCipher), _fields.Unprotect(e.ResponsibleCipher), e.DueDate, e.Status,
                e.OwnerAuthorityId, e.OwnerName, e.ConcurrencyStamp, mayEdit)
            {
                SharedWith = e.OwnerAuthorityId == actor.AuthorityId && records.Shares.TryGetValue(attributes.Ref, out var s) ? s.To.Count : 0,
            });
        }

        return visible;
    }

    /// <summary>
    /// How each record reached the caller's authority: the newest share in force to it, re-labelled under its own regime,
    /// with the content that disclosure showed (kept with it; a disclosure made before contents were kept is rendered from
    /// the record by the same function, contact details only if it included them).
    /// </summary>
    private async Task<Dictionary<RecordRef, ReceivedShare>> ReceivedAsync(Actor actor, IEnumerable<ShareRow> shareRows, CancellationToken ct)
    {
        var newest = new Dictionary<RecordRef, ShareRow>();
        foreach (var r in shareRows.Where(r => r.InForce && r.RecipientAuthorityId == actor.AuthorityId)) newest[r.Record] = r;
        if (newest.Count == 0) return [];
        var ids = newest.Values.Select(r => r.DisclosureId).ToList();
        var contents = await _db.Disclosures.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.ContentCipher }).ToDictionaryAsync(d => d.Id, d => d.ContentCipher, ct);
        var grounds = _gateway.Policies.LegalGrounds;
        var result = new Dictionary<RecordRef, ReceivedShare>();
        foreach (var (record, r) in newest)
        {
            var content = contents.GetValueOrDefault(r.DisclosureId) is { } cipher ? DisclosedContent.Unprotect(_fields, cipher)
                : await RecordContent.ReadAsync(_db, _fields, record, ct) is { } current ? DisclosedContent.Of(current, r.IncludesContact)
                : null;
            if (content is null) continue; // the record is gone (thinned): nothing to show
            result[record] = new ReceivedShare(new ReceivedVia(r.SenderName, r.Ground, grounds.TryGetValue(r.Ground, out var g) ? g.Title : r.Ground,
                r.RecipientRegime, r.DecidedAt), content);
        }

        return result;
    }
}
