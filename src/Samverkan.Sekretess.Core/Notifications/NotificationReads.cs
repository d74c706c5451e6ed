using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>A notification as shown: what kind of thing happened and where to look. Never content.</summary>
public sealed record NotificationView(Guid Id, string Kind, string Text, Guid? CaseId, string? CaseReference, Guid? RelatedId, DateTime CreatedAt, bool Read);

/// <summary>The caller's authority's notifications (and those addressed to the caller personally), decided and audited.</summary>
public sealed class NotificationReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly TimeProvider _clock;

    internal NotificationReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _clock = clock;
    }

    public async Task<IReadOnlyList<NotificationView>> ListMineAsync(ProcessContext context, CancellationToken ct)
    {
        var (actor, decision, draft) = await AuthorizeAsync(context, ct);
        var rows = await (from n in Mine(actor)
                          join c in _db.Cases.AsNoTracking() on n.CaseId equals c.Id into cs
                          from c in cs.DefaultIfEmpty()
                          orderby n.CreatedAt descending
                          select new { n.Id, n.Kind, n.CaseId, Reference = c == null ? null : c.Reference, n.RelatedId, n.CreatedAt, n.ReadAt })
            .Take(200).ToListAsync(ct);
        await _gateway.AuditReadAsync(actor, context, draft with { RelatedIds = rows.Select(r => r.Id).ToList() }, decision, ct);
        return rows.Select(r => new NotificationView(r.Id, r.Kind, Describe(r.Kind), r.CaseId, r.Reference, r.RelatedId, r.CreatedAt, r.ReadAt is not null)).ToList();
    }

    public async Task<int> CountUnreadAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var request = _gateway.NewRequest(actor, context, "notification.read").Set("resource.type", "notification").Set("resource.ownerAuthorityId", actor.AuthorityId.ToString());
        // A count carries no content; asking the PDP still keeps roles without notifications (administrators) at zero.
        if (!actor.IsKnown || !_gateway.Decide(request).IsPermit) return 0;
        return await Mine(actor).CountAsync(n => n.ReadAt == null, ct);
    }

    public async Task MarkAllReadAsync(ProcessContext context, CancellationToken ct)
    {
        var (actor, decision, draft) = await AuthorizeAsync(context, ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var unread = await _db.Notifications.Where(n => n.RecipientAuthorityId == actor.AuthorityId && n.ReadAt == null
            && (n.RecipientUserId == null || n.RecipientUserId == actor.UserId)).ToListAsync(ct);
        foreach (var n in unread) n.ReadAt = now;
        await using var tx = await _gateway.BeginAsync(ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { Action = "notification.read", RelatedIds = unread.Select(n => n.Id).ToList() }, decision, ct);
        await tx.CommitAsync(ct);
    }

    private async Task<(Actor, Policy.Decision, AuditDraft)> AuthorizeAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("notification.read", "notification", ResourceAuthorityId: actor.IsKnown ? actor.AuthorityId : null);
        var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "notification.read")
            .Set("resource.type", "notification").Set("resource.ownerAuthorityId", actor.AuthorityId.ToString()));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        return (actor, decision, draft);
    }

    private IQueryable<Notification> Mine(Actor actor) =>
        _db.Notifications.AsNoTracking()
            .Where(n => n.RecipientAuthorityId == actor.AuthorityId && (n.RecipientUserId == null || n.RecipientUserId == actor.UserId));

    internal static string Describe(string kind) => kind switch
    {
        NotificationKinds.DisclosureReceived => "Er myndighet har fått ett utlämnande i ett ärende.",
        NotificationKinds.ConsentWithdrawn => "Ett samtycke har återkallats. Utlämnanden som vilade på det har upphört.",
        NotificationKinds.ConsentExpiring => "Ett samtycke upphör att gälla inom 30 dagar. Förnya det med personen i tid om samverkan ska fortsätta.",
        NotificationKinds.ConsentExpiringSoon => "Ett samtycke upphör att gälla inom 7 dagar. Förnya det med personen om samverkan ska fortsätta.",
        NotificationKinds.ConsentLapsed => "Ett samtycke har gått ut. Utlämnanden som vilade på det har upphört.",
        NotificationKinds.DisclosureEnded => "Ett utlämnande till er myndighet har upphört (ärendet avslutat, ni deltar inte längre, eller samtycket gäller inte längre).",
        NotificationKinds.AuditChainBroken => "Den nattliga kontrollen av granskningsloggens kedja hittade ett fel. Kontrollera kedjan under Dataskydd → Integritet.",
        NotificationKinds.KeyRingProblem => "Den nattliga kontrollen av nyckelringen hittade ett problem. Systemförvaltaren behöver åtgärda det.",
        NotificationKinds.InformationRequested => "Det finns en begäran om uppgifter (eller ett svar på en begäran) i ett ärende.",
        NotificationKinds.ProtectedIdentityAccess => "Uppgifter om en person med skyddade personuppgifter har lämnats ut eller lästs.",
        NotificationKinds.BreakGlass => "Nödåtkomst har använts i ett ärende.",
        NotificationKinds.ReviewTask => "Det finns en granskningsuppgift åt dig.",
        NotificationKinds.SecondApprovalNeeded => "Ett utlämnande av skyddade kontaktuppgifter väntar på godkännande av en andra person.",
        _ => "Det finns något att titta på.",
    };
}
