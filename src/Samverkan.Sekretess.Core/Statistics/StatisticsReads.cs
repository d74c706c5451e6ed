using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>
/// Aggregate reads for the agreement's annual follow-up: cases opened and closed per area and age band, consents
/// given and withdrawn (Consents), disclosures per legal ground (Disclosures), lägesbild events per district and type. Each read is decided
/// as stats.read by the PDP, whose permit carries the suppression obligation (threshold in policies/), and is
/// audited. Only <see cref="PublishedTable"/>s leave: the raw counts stay in here.
/// </summary>
public sealed class StatisticsReads
{
    /// <summary>The entry's action for a CSV export (decided as stats.read).</summary>
    internal const string ExportAuditAction = "stats.export";

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly TimeProvider _clock;
    private readonly FieldProtector _fields;

    internal StatisticsReads(SekretessDbContext db, AccessGateway gateway, TimeProvider clock, FieldProtector fields)
    {
        _fields = fields;
        _db = db;
        _gateway = gateway;
        _clock = clock;
    }

    public async Task<FollowUpStatistics> GetFollowUpAsync(ProcessContext context, Guid agreementId, int year, CancellationToken ct) =>
        await ReadAsync(context, agreementId, year, null, ct);

    /// <summary>One table as CSV, suppressed exactly as on the page. Audited as an export.</summary>
    public async Task<CsvExport> ExportCsvAsync(ProcessContext context, Guid agreementId, int year, string? tableKey, CancellationToken ct)
    {
        // A missing key is an unknown table: denied like any other unknown resource, never a server error.
        var key = tableKey ?? "";
        var stats = await ReadAsync(context, agreementId, year, key, ct);
        return new CsvExport($"uppfoljning-{year}-{key}.csv", stats.Table(key).ToCsv());
    }

    /// <summary>Every table (<paramref name="tableKey"/> null, the page) or one table's export, decided as stats.read with suppression.</summary>
    private async Task<FollowUpStatistics> ReadAsync(ProcessContext context, Guid agreementId, int year, string? tableKey, CancellationToken ct)
    {
        var target = new AccessTarget.Agreement(agreementId, ResourceTypes.Statistics, $"{agreementId}:{year}:{tableKey ?? "alla"}");
        var request = AccessRequest.Read(context, Actions.StatsRead, target) with
        {
            // The aggregate profile refuses a permit without a suppression threshold we can apply (fail closed).
            Obligations = ObligationProfile.Aggregate,
            AuditAction = tableKey is null ? null : ExportAuditAction,
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        if (year is < 2000 or > 2100 || (tableKey is not null && !FollowUpTables.All.Contains(tableKey))) throw await grant.RefuseAsync(null, ct);
        var threshold = grant.Duties.SmallCellThreshold ?? throw await grant.RefuseAsync(null, ct);
        return await grant.ReadAsync(async () =>
        {
            var title = await _db.Agreements.AsNoTracking().Where(a => a.Id == agreementId).Select(a => a.Title).SingleAsync(ct);
            var areaCodes = await _db.PrioritisedAreas.AsNoTracking().Where(p => p.AgreementId == agreementId).OrderBy(p => p.SortOrder)
                .Select(p => p.Code).ToListAsync(ct);
            var caseAreas = areaCodes.Where(a => AreaCodes.CaseType(a) is not null).Select(a => (Code: a, Type: AreaCodes.CaseType(a)!)).ToList();
            var start = SwedishTime.ToUtc(new DateOnly(year, 1, 1), TimeOnly.MinValue);
            var end = SwedishTime.ToUtc(new DateOnly(year + 1, 1, 1), TimeOnly.MinValue);
            var parties = grant.Agreement().PartyAuthorityIds.ToList();

            var tables = new List<PublishedTable>
            {
                Publish(await CasesByAgeAsync(FollowUpTables.CasesOpened, $"Öppnade ärenden {year} per område och ålder", caseAreas, parties, start, end, opened: true, ct), threshold),
                Publish(await CasesByAgeAsync(FollowUpTables.CasesClosed, $"Avslutade ärenden {year} per område och ålder", caseAreas, parties, start, end, opened: false, ct), threshold),
                Publish(await ConsentsAsync(year, caseAreas, parties, start, end, ct), threshold),
                Publish(await DisclosuresAsync(year, caseAreas, parties, start, end, ct), threshold),
                Publish(await LagesbildAsync(agreementId, year, start, end, ct), threshold),
            };
            var preliminary = year >= SwedishTime.Today(_clock).Year;
            return new FollowUpStatistics(agreementId, title, year, preliminary, threshold, tables);
        }, ct);
    }

    private static PublishedTable Publish(CountTable table, int threshold) => SmallCellSuppression.Publish(table, threshold, withMargins: true);

    private async Task<CountTable> CasesByAgeAsync(string key, string title, List<(string Code, string Type)> areas, List<Guid> parties,
        DateTime start, DateTime end, bool opened, CancellationToken ct)
    {
        var query = from c in _db.Cases.AsNoTracking()
                    join p in _db.Persons.AsNoTracking() on c.SubjectPersonId equals p.Id
                    where parties.Contains(c.LeadAuthorityId)
                    select new { c.Type, c.CreatedAt, c.ClosedAt, p.PersonalNumberCipher, p.BirthYear };
        var rows = opened
            ? await query.Where(c => c.CreatedAt >= start && c.CreatedAt < end).Select(c => new { c.Type, At = c.CreatedAt, c.PersonalNumberCipher, c.BirthYear }).ToListAsync(ct)
            : await query.Where(c => c.ClosedAt != null && c.ClosedAt >= start && c.ClosedAt < end).Select(c => new { c.Type, At = c.ClosedAt!.Value, c.PersonalNumberCipher, c.BirthYear }).ToListAsync(ct);
        var table = CountTable.Create(key, title, "Område", areas.Select(a => AreaCodes.Name(a.Code)).ToList(), FollowUpTables.AgeBands.Select(b => b.Label).ToList());
        foreach (var r in rows)
        {
            var i = areas.FindIndex(a => a.Type == r.Type);
            // The exact birth date only from the encrypted personnummer (never stored in clear); the year alone once thinned.
            var age = AgeAt(PersonBirth.Of(_fields, r.PersonalNumberCipher, r.BirthYear), DateOnly.FromDateTime(SwedishTime.ToLocal(r.At)));
            var j = FollowUpTables.AgeBands.ToList().FindIndex(b => age >= b.From && age <= b.To);
            if (i >= 0 && j >= 0) table.Counts[i][j]++;
        }

        return table;
    }

    private async Task<CountTable> ConsentsAsync(int year, List<(string Code, string Type)> areas, List<Guid> parties, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await (from c in _db.Consents.AsNoTracking()
                          join x in _db.Cases.AsNoTracking() on c.CaseId equals x.Id
                          where parties.Contains(x.LeadAuthorityId)
                                && ((c.RecordedAt >= start && c.RecordedAt < end) || (c.WithdrawnAt != null && c.WithdrawnAt >= start && c.WithdrawnAt < end))
                          select new { x.Type, c.RecordedAt, c.WithdrawnAt }).ToListAsync(ct);
        var table = CountTable.Create(FollowUpTables.Consents, $"Samtycken {year} per område", "Område", areas.Select(a => AreaCodes.Name(a.Code)).ToList(),
            ["Lämnade", "Återkallade"]);
        foreach (var r in rows)
        {
            var i = areas.FindIndex(a => a.Type == r.Type);
            if (i < 0) continue;
            if (r.RecordedAt >= start && r.RecordedAt < end) table.Counts[i][0]++;
            if (r.WithdrawnAt >= start && r.WithdrawnAt < end) table.Counts[i][1]++;
        }

        return table;
    }

    private async Task<CountTable> DisclosuresAsync(int year, List<(string Code, string Type)> areas, List<Guid> parties, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await (from d in _db.Disclosures.AsNoTracking()
                          join x in _db.Cases.AsNoTracking() on d.CaseId equals x.Id
                          where parties.Contains(x.LeadAuthorityId) && d.DecidedAt >= start && d.DecidedAt < end
                          group d by new { d.Ground, x.Type } into g
                          select new { g.Key.Ground, g.Key.Type, Count = g.Count() }).ToListAsync(ct);
        var grounds = rows.Select(r => r.Ground).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = CountTable.Create(FollowUpTables.Disclosures, $"Utlämnanden {year} per rättslig grund och område", "Rättslig grund", grounds,
            areas.Select(a => a.Type).ToList());
        foreach (var r in rows)
        {
            var j = areas.FindIndex(a => a.Type == r.Type);
            if (j >= 0) table.Counts[grounds.IndexOf(r.Ground)][j] += r.Count;
        }

        return table;
    }

    private async Task<CountTable> LagesbildAsync(Guid agreementId, int year, DateTime start, DateTime end, CancellationToken ct)
    {
        var counts = await _db.SituationReports.AsNoTracking()
            .Where(r => r.AgreementId == agreementId && r.OccurredAt >= start && r.OccurredAt < end)
            .GroupBy(r => new { r.DistrictCode, r.EventType }).Select(g => new { g.Key.DistrictCode, g.Key.EventType, Count = g.Count() }).ToListAsync(ct);
        var districts = Districts.Kristianstad.ToList();
        var types = EventTypes.All.ToList();
        var table = CountTable.Create(FollowUpTables.Lagesbild, $"Lägesbildens händelser {year} per område och typ", "Område",
            districts.Select(d => d.Name).ToList(), types.Select(t => t.Name).ToList());
        foreach (var c in counts)
        {
            var i = districts.FindIndex(d => d.Code == c.DistrictCode);
            var j = types.FindIndex(t => t.Code == c.EventType);
            if (i >= 0 && j >= 0) table.Counts[i][j] = c.Count;
        }

        return table;
    }

    private static int AgeAt(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}
