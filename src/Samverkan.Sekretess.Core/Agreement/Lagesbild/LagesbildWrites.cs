using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Agreement.Lagesbild;

/// <summary>
/// Reports to the weekly lägesbild and measures decided at the weekly meeting. Free text is screened for
/// personnummer and names and refused with a Swedish message before anything is stored.
/// </summary>
public sealed class LagesbildWrites
{
    public const int MaxDescription = 1000;
    public const int MaxAgeDays = 60;

    /// <summary>The entry's action for opening the report form (decided as lagesbild.create; nothing is created).</summary>
    internal const string FormAuditAction = "lagesbild.form";

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal LagesbildWrites(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _clock = clock;
    }

    /// <summary>
    /// The report form, for a caller who may report (denied and audited otherwise). Opening it reads the agreement's title
    /// through a grant like any read; its entry says the form was opened, so that the log never shows a report that was not filed.
    /// </summary>
    public async Task<ReportForm> GetReportFormAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.LagesbildCreate, new AccessTarget.Agreement(agreementId, ResourceTypes.LagesbildReport))
            // The form is offered under the very profile the report's write is decided with.
            with { Obligations = ObligationProfile.Write, AuditAction = FormAuditAction };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var title = await _db.Agreements.AsNoTracking().Where(a => a.Id == agreementId).Select(a => a.Title).SingleAsync(ct);
            return new ReportForm(agreementId, title, SwedishTime.Today(_clock));
        }, ct);
    }

    /// <summary>Files a report with an id the server makes; the form's <see cref="FileReportCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> FileReportAsync(ProcessContext context, Guid agreementId, FileReportCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.LagesbildCreate, new AccessTarget.Agreement(agreementId, ResourceTypes.LagesbildReport))
            with { Idempotency = ItemWrites.IdempotencyOf(Actions.LagesbildCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(id =>
        {
            var today = SwedishTime.Today(_clock);
            if (EventTypes.All.All(e => e.Code != command.EventType)) throw new InvalidCommandException("Välj vad som har hänt.");
            if (!Districts.IsKnown(command.DistrictCode)) throw new InvalidCommandException("Välj var det hände: klicka på kartan eller välj i listan.");
            if (ReportSources.All.All(s => s.Code != command.Source)) throw new InvalidCommandException("Välj varifrån uppgiften kommer.");
            if (command.Date is not { } date || date > today || date < today.AddDays(-MaxAgeDays))
                throw new InvalidCommandException($"Ange när det hände (de senaste {MaxAgeDays} dagarna).");
            var description = (command.Description ?? "").Trim();
            if (description.Length is 0 or > MaxDescription) throw new InvalidCommandException($"Beskriv kort vad som hände (högst {MaxDescription} tecken).");
            if (FreeTextScreener.Refusal(description, today) is { } refusal) throw new InvalidCommandException(refusal);

            var occurred = SwedishTime.ToUtc(date, command.Time ?? new TimeOnly(12, 0));
            var (isoYear, isoWeek) = SwedishTime.IsoWeekOf(date);
            _db.SituationReports.Add(new SituationReport
            {
                Id = id, AgreementId = agreementId, EventType = command.EventType!, DistrictCode = command.DistrictCode!, OccurredAt = occurred,
                IsoYear = isoYear, IsoWeek = isoWeek, Source = command.Source!, DescriptionCipher = _fields.Protect(description),
                ReporterAuthorityId = grant.Actor.AuthorityId, ReporterUserId = grant.Actor.UserId, CreatedAt = _clock.GetUtcNow().UtcDateTime,
            });
            grant.Touch(id);
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>Records a measure with an id the server makes; the form's <see cref="RecordMeasureCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> RecordMeasureAsync(ProcessContext context, Guid agreementId, RecordMeasureCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.LagesbildMeasureCreate, new AccessTarget.Agreement(agreementId, ResourceTypes.LagesbildMeasure))
            with { Idempotency = ItemWrites.IdempotencyOf(Actions.LagesbildMeasureCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(id =>
        {
            if (!SwedishTime.IsValidWeek(command.Year, command.Week)) throw new InvalidCommandException("Veckan finns inte.");
            if (command.DistrictCode is { Length: > 0 } d && !Districts.IsKnown(d)) throw new InvalidCommandException("Välj ett område i listan.");
            if (!grant.Agreement().PartyAuthorityIds.Contains(command.OwnerAuthorityId)) throw new InvalidCommandException("Välj vilken part som ansvarar för åtgärden.");
            var text = (command.Text ?? "").Trim();
            if (text.Length is 0 or > MaxDescription) throw new InvalidCommandException($"Beskriv åtgärden (högst {MaxDescription} tecken).");
            if (FreeTextScreener.Refusal(text, SwedishTime.Today(_clock)) is { } refusal) throw new InvalidCommandException(refusal);

            _db.LagesbildMeasures.Add(new LagesbildMeasure
            {
                Id = id, AgreementId = agreementId, IsoYear = command.Year, IsoWeek = command.Week,
                DistrictCode = string.IsNullOrEmpty(command.DistrictCode) ? null : command.DistrictCode, TextCipher = _fields.Protect(text),
                OwnerAuthorityId = command.OwnerAuthorityId, DecidedAt = _clock.GetUtcNow().UtcDateTime, DecidedByUserId = grant.Actor.UserId,
            });
            grant.Touch(id);
            return Task.CompletedTask;
        }, ct);
    }
}
