using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Core.Agreement.Lagesbild;

/// <summary>The weekly meeting view: the week's reports and measures, and trends per district after small-cell suppression.</summary>
public sealed class LagesbildReads
{
    public const int TrendWeeks = 8;

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AgreementReads _agreements;
    private readonly FieldProtector _fields;

    internal LagesbildReads(SekretessDbContext db, AccessGateway gateway, AgreementReads agreements, FieldProtector fields)
    {
        _db = db;
        _gateway = gateway;
        _agreements = agreements;
        _fields = fields;
    }

    public async Task<WeekView> GetWeekAsync(ProcessContext context, Guid agreementId, int year, int week, CancellationToken ct)
    {
        // The policy demands suppression of every count shown; the aggregate profile refuses a permit without a threshold (fail closed).
        var target = new AccessTarget.Agreement(agreementId, ResourceTypes.LagesbildReport, $"{agreementId}:{year}-W{week}");
        var request = AccessRequest.Read(context, Actions.LagesbildRead, target) with { Obligations = ObligationProfile.Aggregate };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        if (!SwedishTime.IsValidWeek(year, week)) throw await grant.RefuseAsync(null, ct);
        var threshold = grant.Duties.SmallCellThreshold ?? throw await grant.RefuseAsync(null, ct);
        return await grant.ReadAsync(async () =>
        {
            var title = await _db.Agreements.AsNoTracking().Where(a => a.Id == agreementId).Select(a => a.Title).SingleAsync(ct);
            var rows = await (from r in _db.SituationReports.AsNoTracking()
                              join au in _db.Authorities.AsNoTracking() on r.ReporterAuthorityId equals au.Id
                              where r.AgreementId == agreementId && r.IsoYear == year && r.IsoWeek == week
                              orderby r.OccurredAt
                              select new { r.Id, r.EventType, r.DistrictCode, r.OccurredAt, r.Source, r.DescriptionCipher, au.Name }).ToListAsync(ct);
            var reports = rows.Select(r => new ReportView(r.Id, r.EventType, r.DistrictCode, SwedishTime.ToLocal(r.OccurredAt), r.Source,
                _fields.Unprotect(r.DescriptionCipher), r.Name)).ToList();
            var measureRows = await (from m in _db.LagesbildMeasures.AsNoTracking()
                                     join au in _db.Authorities.AsNoTracking() on m.OwnerAuthorityId equals au.Id
                                     where m.AgreementId == agreementId && m.IsoYear == year && m.IsoWeek == week
                                     orderby m.DecidedAt
                                     select new { m.Id, m.DistrictCode, m.TextCipher, au.Name, m.DecidedAt }).ToListAsync(ct);
            var measures = measureRows.Select(m => new MeasureView(m.Id, m.DistrictCode, _fields.Unprotect(m.TextCipher), m.Name, SwedishTime.ToLocal(m.DecidedAt))).ToList();

            var byType = CountTable.Create("handelser-per-typ", $"Händelser vecka {week} per typ", "Händelsetyp", EventTypes.All.Select(e => e.Name).ToList(), ["Antal"]);
            for (var i = 0; i < EventTypes.All.Count; i++) byType.Counts[i][0] = reports.Count(r => r.EventType == EventTypes.All[i].Code);
            var trend = await TrendAsync(agreementId, year, week, ct);
            var owners = await _agreements.PartyAuthoritiesAsync(agreementId, ct);
            var mayRecord = grant.WouldOnAgreement(Actions.LagesbildMeasureCreate, ResourceTypes.LagesbildMeasure, ObligationProfile.Write);
            grant.Touch(reports.Select(r => r.Id).Concat(measures.Select(m => m.Id)));
            // Counts without totals: no equation links the cells, so primary suppression is complete, and a cell is
            // suppressed the same way in every 8-week window it appears in.
            return new WeekView(agreementId, title, year, week, SwedishTime.MondayOf(year, week), reports, measures,
                SmallCellSuppression.Publish(byType, threshold, withMargins: false), SmallCellSuppression.Publish(trend, threshold, withMargins: false),
                Districts.Kristianstad.Select(d => d.Code).ToList(), owners, mayRecord);
        }, ct);
    }

    private async Task<CountTable> TrendAsync(Guid agreementId, int year, int week, CancellationToken ct)
    {
        var last = SwedishTime.MondayOf(year, week);
        var weeks = Enumerable.Range(0, TrendWeeks).Select(i => SwedishTime.IsoWeekOf(last.AddDays(-7 * (TrendWeeks - 1 - i)))).ToList();
        var keys = weeks.Select(w => w.Year * 100 + w.Week).ToList();
        var counts = await _db.SituationReports.AsNoTracking()
            .Where(r => r.AgreementId == agreementId && keys.Contains(r.IsoYear * 100 + r.IsoWeek))
            .GroupBy(r => new { r.DistrictCode, r.IsoYear, r.IsoWeek })
            .Select(g => new { g.Key.DistrictCode, Key = g.Key.IsoYear * 100 + g.Key.IsoWeek, Count = g.Count() }).ToListAsync(ct);
        var districts = Districts.Kristianstad;
        var table = CountTable.Create("trend-per-omrade", $"Händelser per område, vecka {weeks[0].Week}–{week}", "Område",
            districts.Select(d => d.Name).ToList(), weeks.Select(w => $"v. {w.Week}").ToList());
        foreach (var c in counts)
        {
            var i = districts.ToList().FindIndex(d => d.Code == c.DistrictCode);
            var j = keys.IndexOf(c.Key);
            if (i >= 0 && j >= 0) table.Counts[i][j] = c.Count;
        }

        return table;
    }
}
