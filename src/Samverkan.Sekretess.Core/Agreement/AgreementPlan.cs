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
    private readonly AgreementReads _agreements;
    private readonly TimeProvider _clock;

    internal AgreementPlan(SekretessDbContext db, AccessGateway gateway, AgreementReads agreements, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _agreements = agreements;
        _clock = clock;
    }

    public async Task<PlanView> GetAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        var target = new AccessTarget.Agreement(agreementId, ResourceTypes.AgreementActivity);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AgreementplanRead, target), ct);
        return await grant.ReadAsync(async () =>
        {
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
            var mayEdit = grant.WouldOnAgreement(Actions.AgreementplanUpdate, ResourceTypes.AgreementActivity, ObligationProfile.Write);
            grant.Touch(activities.Select(a => a.Id));
            return new PlanView(agreementId, title, areas, activities, owners, mayEdit);
        }, ct);
    }

    /// <summary>Adds an activity with an id the server makes; the form's <see cref="AddActivityCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> AddActivityAsync(ProcessContext context, Guid agreementId, AddActivityCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.AgreementplanCreate, new AccessTarget.Agreement(agreementId, ResourceTypes.AgreementActivity))
            with { Idempotency = ItemWrites.IdempotencyOf(Actions.AgreementplanCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async id =>
        {
            var agreement = grant.Agreement();
            var title = (command.Title ?? "").Trim();
            var description = (command.Description ?? "").Trim();
            if (!await _db.PrioritisedAreas.AnyAsync(p => p.AgreementId == agreementId && p.Code == command.AreaCode, ct))
                throw new InvalidCommandException("Välj ett prioriterat område.");
            if (title.Length is 0 or > MaxTitle) throw new InvalidCommandException($"Ange aktivitetens namn (högst {MaxTitle} tecken).");
            if (description.Length > MaxText) throw new InvalidCommandException($"Beskrivningen får vara högst {MaxText} tecken.");
            if (!agreement.PartyAuthorityIds.Contains(command.OwnerAuthorityId)) throw new InvalidCommandException("Välj ansvarig myndighet bland parterna.");
            if (command.Start is not { } start || command.End is not { } end || end < start)
                throw new InvalidCommandException("Ange start- och slutdatum (slutet efter starten).");
            if (start < agreement.ValidFrom.AddYears(-1) || end > agreement.ValidTo.AddYears(1))
                throw new InvalidCommandException("Aktiviteten ska ligga inom överenskommelsens giltighetstid.");
            Screen(title, description, command.Indicator, command.Target);

            _db.AgreementActivities.Add(new AgreementActivity
            {
                Id = id, AgreementId = agreementId, AreaCode = command.AreaCode!, Title = title, Description = description,
                OwnerAuthorityId = command.OwnerAuthorityId, StartDate = start, EndDate = end, Status = ActivityStatuses.Planned,
                Indicator = Limit(command.Indicator, 500), Target = Limit(command.Target, 500), CreatedAt = _clock.GetUtcNow().UtcDateTime,
                CreatedByUserId = grant.Actor.UserId,
            });
            grant.Touch(id);
        }, ct);
    }

    public async Task UpdateActivityAsync(ProcessContext context, Guid activityId, UpdateActivityCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The route names the activity only; its agreement is resolved from it.
        var target = new AccessTarget.AgreementRecord(ResourceTypes.AgreementActivity, activityId);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AgreementplanUpdate, target), ct);
        await grant.WriteAsync(async () =>
        {
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
        }, ct);
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
