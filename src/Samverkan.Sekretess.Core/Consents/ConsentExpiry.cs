using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Consents;

/// <summary>What one pass of the consent-expiry job did.</summary>
public sealed record ConsentExpiryResult(int Reminded, int Lapsed);

/// <summary>
/// Consent expiry on the law's timetable: the authority that documented a consent is reminded 30 and 7 days before it
/// runs out (so it can be renewed with the person in time), and when it has run out it lapses: recorded, the parties
/// notified, and the shares resting on it are ended by <see cref="NeedToKnow.EndOfNeedToKnow"/> in the same job run.
/// Each step is decided for the documenting authority's system account (JOB-CONS-001/002) and audited, one consent per
/// transaction. Idempotent: a reminder is one notification per consent and stage (dedup key), a lapse is recorded once.
/// The PDP never waited for this job: an expired consent permits nothing from the moment it expires.
/// </summary>
public sealed class ConsentExpiry
{
    public static readonly TimeSpan FirstReminder = TimeSpan.FromDays(30);
    public static readonly TimeSpan SecondReminder = TimeSpan.FromDays(7);

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly SystemActors _system;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal ConsentExpiry(SekretessDbContext db, AccessGateway gateway, SystemActors system, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _system = system;
        _notifier = notifier;
        _clock = clock;
    }

    /// <summary>Lapses consents whose validity has run out (every minute, with the end-of-need-to-know job).</summary>
    public Task<ConsentExpiryResult> LapseExpiredAsync(CancellationToken ct) => RunAsync(remind: false, ct);

    /// <summary>Sends the 30- and 7-day reminders that are due, and lapses what has run out (daily).</summary>
    public Task<ConsentExpiryResult> RemindAndLapseAsync(CancellationToken ct) => RunAsync(remind: true, ct);

    private async Task<ConsentExpiryResult> RunAsync(bool remind, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var horizon = remind ? now + FirstReminder : now;
        var due = await _db.Consents.AsNoTracking()
            .Where(c => c.WithdrawnAt == null && c.LapsedAt == null && c.ValidTo <= horizon)
            .OrderBy(c => c.ValidTo).Select(c => new { c.Id, c.RecordedByAuthorityId, c.ValidTo }).Take(500).ToListAsync(ct);

        int reminded = 0, lapsed = 0;
        foreach (var consent in due)
        {
            var context = await _system.ForAuthorityAsync(consent.RecordedByAuthorityId, ct);
            try
            {
                if (consent.ValidTo <= now)
                {
                    if (await LapseAsync(context, consent.Id, ct)) lapsed++;
                }
                else
                {
                    var stage = consent.ValidTo - now <= SecondReminder ? NotificationKinds.ConsentExpiringSoon : NotificationKinds.ConsentExpiring;
                    if (await RemindAsync(context, consent.Id, stage, ct)) reminded++;
                }
            }
            catch (AccessDeniedException)
            {
                // Audited as a deny; nothing changed. The next run asks again.
            }
        }

        return new ConsentExpiryResult(reminded, lapsed);
    }

    private async Task<bool> RemindAsync(ProcessContext context, Guid consentId, string stage, CancellationToken ct)
    {
        var key = $"{stage}:{consentId}";
        if (await _db.Notifications.AnyAsync(n => n.DedupKey == key, ct)) return false; // this stage was sent already
        await using var grant = await _gateway.AuthorizeAsync(JobRequest(context, Actions.ConsentRemind, consentId), ct);
        var consent = grant.Facts.Consent!;
        grant.Draft = grant.Draft with { ResourceAuthorityId = consent.RecordedByAuthorityId, PersonId = consent.SubjectPersonId };
        await grant.WriteAsync(() => _notifier.ToAuthorityAsync(consent.RecordedByAuthorityId, stage, grant.Case.Id, consentId, key, ct), ct);
        return true;
    }

    private async Task<bool> LapseAsync(ProcessContext context, Guid consentId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(JobRequest(context, Actions.ConsentLapse, consentId), ct);
        var consent = await _db.Consents.SingleAsync(c => c.Id == consentId, ct);
        if (consent.LapsedAt is not null) return false; // lapsed by another run meanwhile: nothing to do, no entry
        grant.Draft = grant.Draft with { ResourceAuthorityId = consent.RecordedByAuthorityId, PersonId = consent.SubjectPersonId };
        await grant.WriteAsync(async () =>
        {
            consent.LapsedAt = _clock.GetUtcNow().UtcDateTime;
            foreach (var authority in consent.SenderAuthorityIds.Concat(consent.RecipientAuthorityIds).Append(consent.RecordedByAuthorityId).Distinct())
                await _notifier.ToAuthorityAsync(authority, NotificationKinds.ConsentLapsed, consent.CaseId, consent.Id, $"consent.lapsed:{consent.Id}:{authority}", ct);
        }, ct);
        return true;
    }

    /// <summary>
    /// A job's step on one consent: the documenting authority's system account (JOB-CONS-*: resource.ownerAuthorityId is
    /// that authority, from the PIP), with the consent's own facts; the entry names the consent and that authority.
    /// </summary>
    private static AccessRequest JobRequest(ProcessContext context, PolicyAction action, Guid consentId) =>
        AccessRequest.Write(context, action, new AccessTarget.Consent(consentId)) with
        {
            Describe = (r, f) => r.Set(PolicyAttributes.ResourceId, consentId.ToString())
                .Set(PolicyAttributes.ResourceOwnerAuthorityId, f.Consent!.RecordedByAuthorityId.ToString())
                .DescribeConsent(f.Consent),
        };
}
