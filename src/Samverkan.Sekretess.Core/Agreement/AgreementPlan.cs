using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>
/// The agreement's åtgärdsplan (lag 2023:196): activities per prioritised area with owner authority, timeline,
/// status and indicator. Distinct from the case action plans, which never appear here.
/// </summary>
public sealed class AgreementPlan
{
    private const int MaxTitle = 300;
    private const int MaxText = 4000;

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AgreementAccess _access;
    private readonly AgreementReads _agreements;
    private readonly TimeProvider _clock;

    internal AgreementPlan(SekretessDbContext db, AccessGateway gateway, AgreementAccess access, AgreementReads agreements, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _access = access;
        _agreements = agreements;
        _clock = clock;
    }

    public async Task<PlanView> GetAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var grant = await _access.AuthorizeAsync(context, agreementId, "agreementplan.read", "agreement_activity", null, ct);
        if (ObligationEnforcer.ForRead(grant.Decision) is null) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);
        var title = await _db.Agreements.AsNoTracking().Where(a => a.Id == agreementId).Select(a => a.Title).SingleAsync(ct);
        var areas = await _db.PrioritisedAreas.AsNoTracking().Where(p => p.AgreementId == agreementId).OrderBy(p => p.SortOrder)
            .Select(p => new AreaView(p.Code, p.Name, p.Description, p.Responsibilities)).ToListAsync(ct);
        var activities = await (from a in _db.AgreementActivities.AsNoTracking()
                                join au in _db.Authorities.AsNoTracking() on a.OwnerAuthorityId equals au.Id
                                where a.AgreementId == agreementId
                                orderby a.AreaCode, a.StartDate, a.Title
                                select new ActivityView(a.Id, a.AreaCode, a.Title, a.Description, au.Name, a.OwnerAuthorityId, a.StartDate, a.EndDate,
                                    a.Status, a.Indicator, a.Target, a.Outcome, a.ConcurrencyStamp)).ToListAsync(ct);
        var owners = await _agreements.PartyAuthoritiesAsync(agreementId, ct);
        var mayEdit = _access.Would(grant.Actor, context, grant.Agreement, grant.Forums, "agreementplan.update", "agreement_activity");
        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, grant.Draft with { RelatedIds = activities.Select(a => a.Id).ToList() }, grant.Decision, ct);
        return new PlanView(agreementId, title, areas, activities, owners, mayEdit);
    }

    public async Task<Guid> AddActivityAsync(ProcessContext context, Guid agreementId, AddActivityCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var id = Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, agreementId, "agreementplan.create", "agreement_activity", id.ToString(), ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);

        var title = (command.Title ?? "").Trim();
        var description = (command.Description ?? "").Trim();
        if (!await _db.PrioritisedAreas.AnyAsync(p => p.AgreementId == agreementId && p.Code == command.AreaCode, ct))
            throw new InvalidCommandException("Välj ett prioriterat område.");
        if (title.Length is 0 or > MaxTitle) throw new InvalidCommandException($"Ange aktivitetens namn (högst {MaxTitle} tecken).");
        if (description.Length > MaxText) throw new InvalidCommandException($"Beskrivningen får vara högst {MaxText} tecken.");
        if (!grant.Agreement.PartyAuthorityIds.Contains(command.OwnerAuthorityId)) throw new InvalidCommandException("Välj ansvarig myndighet bland parterna.");
        if (command.Start is not { } start || command.End is not { } end || end < start)
            throw new InvalidCommandException("Ange start- och slutdatum (slutet efter starten).");
        if (start < grant.Agreement.ValidFrom.AddYears(-1) || end > grant.Agreement.ValidTo.AddYears(1))
            throw new InvalidCommandException("Aktiviteten ska ligga inom överenskommelsens giltighetstid.");
        Screen(title, description, command.Indicator, command.Target);

        _db.AgreementActivities.Add(new AgreementActivity
        {
            Id = id, AgreementId = agreementId, AreaCode = command.AreaCode!, Title = title, Description = description,
            OwnerAuthorityId = command.OwnerAuthorityId, StartDate = start, EndDate = end, Status = ActivityStatuses.Planned,
            Indicator = Limit(command.Indicator, 500), Target = Limit(command.Target, 500), CreatedAt = _clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = grant.Actor.UserId,
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { RelatedIds = [id] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task UpdateActivityAsync(ProcessContext context, Guid activityId, UpdateActivityCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var agreementId = await _db.AgreementActivities.AsNoTracking().Where(a => a.Id == activityId).Select(a => (Guid?)a.AgreementId).FirstOrDefaultAsync(ct);
        var grant = await _access.AuthorizeAsync(context, agreementId ?? Guid.Empty, "agreementplan.update", "agreement_activity", activityId.ToString(), ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);

        if (ActivityStatuses.All.All(s => s.Code != command.Status)) throw new InvalidCommandException("Välj en giltig status.");
        var outcome = (command.Outcome ?? "").Trim();
        if (outcome.Length > 2000) throw new InvalidCommandException("Utfallet får vara högst 2000 tecken.");
        Screen(outcome);
        var activity = await _db.AgreementActivities.SingleAsync(a => a.Id == activityId, ct);
        if (activity.ConcurrencyStamp != command.ConcurrencyStamp) throw new ConcurrencyConflictException();
        activity.Status = command.Status!;
        activity.Outcome = outcome;
        activity.UpdatedAt = _clock.GetUtcNow().UtcDateTime;
        activity.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await _db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("Någon annan har ändrat aktiviteten medan du redigerade. Ladda om sidan och gör om ändringen.", e);
        }

        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { RelatedIds = [activityId] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
    }

    // The plan is about activities, not people: the same screening as the lägesbild.
    private void Screen(params string?[] texts)
    {
        var today = SwedishTime.Today(_clock);
        foreach (var t in texts)
            if (FreeTextScreener.Refusal(t, today) is { } refusal) throw new InvalidCommandException(refusal);
    }

    private static string Limit(string? text, int max)
    {
        var t = (text ?? "").Trim();
        return t.Length > max ? throw new InvalidCommandException($"Högst {max} tecken.") : t;
    }
}
