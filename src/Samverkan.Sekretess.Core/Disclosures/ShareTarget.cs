using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>The item or plan entry being shared, after the gate: the caller may read it and its authority owns it.</summary>
internal sealed record ShareTarget(CaseAccessGrant Grant, ItemAttributes Item, AuditDraft Draft)
{
    public static async Task<ShareTarget> AuthorizeOwnerAsync(AttributeResolver resolver, CaseAccess access, AccessGateway gateway,
        ProcessContext context, string resourceType, Guid resourceId, CancellationToken ct)
    {
        var resolved = resourceType switch
        {
            "item" => await resolver.ResolveItemAsync(resourceId, ct),
            "action_plan" => await resolver.ResolveActionPlanEntryAsync(resourceId, ct),
            _ => null,
        };
        var readAction = resourceType == "action_plan" ? "actionplan.read" : "item.read";
        // IDOR-safe: the case comes from the resolved item; an unknown id is denied (and audited) like a foreign one.
        var grant = await access.AuthorizeAsync(context, resolved?.Item1 ?? Guid.Empty, readAction, resourceType,
            (r, c, _) => r.DescribeItem(c, resolved!.Value.Item2, resourceType), ct);
        var item = await resolver.WithDisclosuresAsync(grant.Case.Id, resolved!.Value.Item2, ct);
        var draft = grant.Draft with { ResourceType = resourceType, ResourceId = resourceId.ToString(), ResourceAuthorityId = item.OwnerAuthorityId, RelatedIds = [resourceId] };
        // Only the owning authority decides on disclosing its information (OSL 8 kap. 1 §): anyone else gets a 404.
        if (item.OwnerAuthorityId != grant.Actor.AuthorityId)
            throw await gateway.DenyAsync(grant.Actor, context, draft with { Action = "item.disclose" }, null, ct);
        return new ShareTarget(grant, item, draft);
    }

    public static async Task<(string Title, string Text, bool HasContact)> ReadContentAsync(SekretessDbContext db, FieldProtector fields,
        string resourceType, Guid id, CancellationToken ct)
    {
        if (resourceType == "action_plan")
        {
            var e = await db.ActionPlanEntries.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.WhatCipher, x.ResponsibleCipher, x.DueDate }).SingleAsync(ct);
            return ("Åtagande i åtgärdsplanen", $"{fields.Unprotect(e.WhatCipher)} — ansvarig: {fields.Unprotect(e.ResponsibleCipher)}, senast {e.DueDate:yyyy-MM-dd}", false);
        }

        var i = await db.InformationItems.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.TitleCipher, x.TextCipher, HasContact = x.ContactCipher != null }).SingleAsync(ct);
        return (fields.Unprotect(i.TitleCipher), fields.Unprotect(i.TextCipher), i.HasContact);
    }
}
