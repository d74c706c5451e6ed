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

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AgreementAccess _access;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal LagesbildWrites(SekretessDbContext db, AccessGateway gateway, AgreementAccess access, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _access = access;
        _fields = fields;
        _clock = clock;
    }

    /// <summary>The report form, for a caller who may report (denied and audited otherwise).</summary>
    public async Task<ReportForm> GetReportFormAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        await _access.AuthorizeAsync(context, agreementId, "lagesbild.create", "lagesbild_report", null, ct);
        var title = await _db.Agreements.AsNoTracking().Where(a => a.Id == agreementId).Select(a => a.Title).SingleAsync(ct);
        return new ReportForm(agreementId, title, SwedishTime.Today(_clock));
    }

    public async Task<Guid> FileReportAsync(ProcessContext context, Guid agreementId, FileReportCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var id = Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, agreementId, "lagesbild.create", "lagesbild_report", id.ToString(), ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);

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
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { RelatedIds = [id] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<Guid> RecordMeasureAsync(ProcessContext context, Guid agreementId, RecordMeasureCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var id = Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, agreementId, "lagesbild.measure.create", "lagesbild_measure", id.ToString(), ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);

        if (!SwedishTime.IsValidWeek(command.Year, command.Week)) throw new InvalidCommandException("Veckan finns inte.");
        if (command.DistrictCode is { Length: > 0 } d && !Districts.IsKnown(d)) throw new InvalidCommandException("Välj ett område i listan.");
        if (!grant.Agreement.PartyAuthorityIds.Contains(command.OwnerAuthorityId)) throw new InvalidCommandException("Välj vilken part som ansvarar för åtgärden.");
        var text = (command.Text ?? "").Trim();
        if (text.Length is 0 or > MaxDescription) throw new InvalidCommandException($"Beskriv åtgärden (högst {MaxDescription} tecken).");
        if (FreeTextScreener.Refusal(text, SwedishTime.Today(_clock)) is { } refusal) throw new InvalidCommandException(refusal);

        _db.LagesbildMeasures.Add(new LagesbildMeasure
        {
            Id = id, AgreementId = agreementId, IsoYear = command.Year, IsoWeek = command.Week,
            DistrictCode = string.IsNullOrEmpty(command.DistrictCode) ? null : command.DistrictCode, TextCipher = _fields.Protect(text),
            OwnerAuthorityId = command.OwnerAuthorityId, DecidedAt = _clock.GetUtcNow().UtcDateTime, DecidedByUserId = grant.Actor.UserId,
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { RelatedIds = [id] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }
}
