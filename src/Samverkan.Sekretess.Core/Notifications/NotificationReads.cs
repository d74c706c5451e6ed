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
    private readonly TimeProvider _clock;

    internal NotificationReads(SekretessDbContext db, AccessGateway gateway, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _clock = clock;
    }

    /// <summary>The caller's authority's notices (NOTIF-R-001: the own authority's only); one grant, whose entry names the notices shown.</summary>
    private static AccessRequest Request(ProcessContext context, AccessMode mode) =>
        new(context, Actions.NotificationRead, new AccessTarget.OwnAuthority(ResourceTypes.Notification), mode)
        {
            Obligations = mode == AccessMode.Read ? ObligationProfile.Read : ObligationProfile.Write,
        };

    public async Task<IReadOnlyList<NotificationView>> ListMineAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(Request(context, AccessMode.Read), ct);
        return await grant.ReadAsync(async () =>
        {
            var rows = await (from n in Mine(grant.Actor)
                              join c in _db.Cases.AsNoTracking() on n.CaseId equals c.Id into cs
                              from c in cs.DefaultIfEmpty()
                              orderby n.CreatedAt descending
                              select new { n.Id, n.Kind, n.CaseId, Reference = c == null ? null : c.Reference, n.RelatedId, n.CreatedAt, n.ReadAt })
                .Take(200).ToListAsync(ct);
            grant.Touch(rows.Select(r => r.Id));
            return (IReadOnlyList<NotificationView>)rows.Select(r => new NotificationView(r.Id, r.Kind, Describe(r.Kind), r.CaseId, r.Reference, r.RelatedId, r.CreatedAt,
                r.ReadAt is not null)).ToList();
        }, ct);
    }

    /// <summary>
    /// The unread count in the menu. It carries no content and is asked on every page, so it is not an audited read; asking
    /// the PDP still keeps roles without notifications (administrators, anonymous) at zero.
    /// </summary>
    public async Task<int> CountUnreadAsync(ProcessContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.UserId) || !await _gateway.WouldAsync(Request(context, AccessMode.Read), ct)) return 0;
        var userId = context.UserId;
        // The user's own authority, from the user row (not from the caller), as the gateway's actor.
        return await (from n in _db.Notifications.AsNoTracking()
                      join u in _db.Users.AsNoTracking() on n.RecipientAuthorityId equals u.AuthorityId
                      where u.Id == userId && !u.Disabled && n.ReadAt == null && (n.RecipientUserId == null || n.RecipientUserId == userId)
                      select n.Id).CountAsync(ct);
    }

    public async Task MarkAllReadAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(Request(context, AccessMode.Write), ct);
        await grant.WriteAsync(async () =>
        {
            var (authority, user) = (grant.Actor.AuthorityId, grant.Actor.UserId);
            var now = _clock.GetUtcNow().UtcDateTime;
            var unread = await _db.Notifications.Where(n => n.RecipientAuthorityId == authority && n.ReadAt == null
                && (n.RecipientUserId == null || n.RecipientUserId == user)).ToListAsync(ct);
            foreach (var n in unread) n.ReadAt = now;
            grant.Touch(unread.Select(n => n.Id));
        }, ct);
    }

    private IQueryable<Notification> Mine(Actor actor) =>
        _db.Notifications.AsNoTracking()
            .Where(n => n.RecipientAuthorityId == actor.AuthorityId && (n.RecipientUserId == null || n.RecipientUserId == actor.UserId));

    private const string NotYou = " Var det inte du? Kontakta systemförvaltaren genast.";

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
        NotificationKinds.AccountPasswordChanged => "Lösenordet till ditt konto har bytts." + NotYou,
        NotificationKinds.AccountPasskeyAdded => "En inloggningsnyckel (passkey) har lagts till på ditt konto." + NotYou,
        NotificationKinds.AccountPasskeyRemoved => "En inloggningsnyckel (passkey) har tagits bort från ditt konto." + NotYou,
        NotificationKinds.AccountRecoveryCodesRenewed => "Nya återställningskoder har skapats för ditt konto; de gamla gäller inte längre." + NotYou,
        NotificationKinds.AccountAuthenticatorChanged => "Autentiseringsappen för ditt konto har bytts." + NotYou,
        _ => "Det finns något att titta på.",
    };
}
