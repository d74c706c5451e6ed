using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// The first step of sharing a record: a grant to read it (only what the caller may read can be shared), and then the
/// rule that only the owning authority decides on disclosing its information (OSL 8 kap. 1 §): anyone else is refused
/// as an <c>item.disclose</c> attempt, which is audited and looks like an unknown id.
/// </summary>
internal static class DisclosureOpening
{
    public static async Task<AccessGateway.Grant> OpenAsync(AccessGateway gateway, ProcessContext context, RecordRef record, AccessMode mode, CancellationToken ct)
    {
        if (!record.IsKnownType) record = new RecordRef(ResourceTypes.Item, Guid.Empty); // resolves to nothing: the same audited 404
        var read = record.Type == ResourceTypes.ActionPlan ? Actions.ActionplanRead : Actions.ItemRead;
        var grant = await gateway.AuthorizeAsync(new AccessRequest(context, read, new AccessTarget.Record(record), mode) { Obligations = ObligationProfile.Read }, ct);
        if (grant.Record.OwnerAuthorityId == grant.Actor.AuthorityId) return grant;
        await using (grant) throw await grant.RefuseAsync(d => d with { Action = Actions.ItemDisclose.Name }, ct);
    }
}
