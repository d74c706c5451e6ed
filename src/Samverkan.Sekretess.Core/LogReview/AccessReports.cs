using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// The data subject's access report (registerutdrag, GDPR art. 15; CJEU C-154/21 recipients, C-579/21 access log):
/// every disclosure (recipient, date, categories, purpose, ground) and every access (date, purpose; staff names only
/// when the DPO releases them) recorded in the controller's own log. A draft must pass a secrecy screening before
/// release: lines about the reporter's identity (OSL 26:5) and police investigation information (OSL 18 kap.) are
/// withheld automatically (policies/log-review/access-report-screening.yaml), the DPO may withhold more, and every
/// withholding is recorded. The report is reproducible: it covers entries up to a fixed sequence.
/// </summary>
public sealed class AccessReports
{
    /// <summary>The disclosure action (utlämnande) as the disclosure workflow audits it.</summary>
    public static readonly string DisclosureAction = Actions.ItemDisclose.Name;
    private const string Manual = "manual";
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly PersonalNumberIndexer _indexer;
    private readonly ScreeningRuleSet _screening;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal AccessReports(SekretessDbContext db, AccessGateway gateway, PersonalNumberIndexer indexer, ScreeningRuleSet screening, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _indexer = indexer;
        _screening = screening;
        _fields = fields;
        _clock = clock;
    }

    public IReadOnlyList<ScreeningRuleView> ScreeningRules => _screening.Views;

    /// <summary>Decided as audit.report (a deny is audited); the start form itself shows nothing, so the grant ends without an entry.</summary>
    public async Task EnsureAllowedAsync(ProcessContext context, CancellationToken ct)
    {
        var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReport, LogScope.Target()), ct);
        await grant.DisposeAsync();
    }

    /// <summary>Starts a draft for the person with this personnummer, with the automatic withholdings applied.</summary>
    public async Task<AccessReportResult> CreateDraftAsync(ProcessContext context, string personalNumber, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var valid = PersonalIdentityNumber.TryParse(personalNumber, today, out var pin, out var error);
        Guid? personId = null;
        if (valid)
        {
            var index = _indexer.Index(pin.Normalized);
            personId = await _db.Persons.AsNoTracking().Where(p => p.PersonalNumberIndex == index).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        }

        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReport, LogScope.Target(null, null, personId)), ct);
        if (!valid) return new(null, error);
        if (personId is not { } person) return new(null, "Personen finns inte i systemet. Inga uppgifter behandlas här om personen.");

        var reportId = await grant.CreateAsync(async id =>
        {
            var scope = LogScope.Of(grant);
            var upTo = await _db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
            var report = new AccessReportRecord
            {
                Id = id, AuthorityId = scope.AuthorityId, PersonId = person, UpToSequence = upTo,
                CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = grant.Actor.UserId,
            };
            var subject = await SubjectRecords.FindAsync(_db, person, null, ct);
            var entries = await EntriesAsync(scope, subject, upTo, ct);
            var categories = await CategoriesAsync(entries, subject, ct);
            foreach (var e in entries)
            {
                var cats = categories.GetValueOrDefault(e.Sequence, []);
                var (rules, screened) = _screening.Match(cats);
                if (rules.Count == 0) continue;
                // Everything the line says is screened (or it is a disclosure of screened items): withhold the line. Otherwise the
                // access itself is reported and only the screened categories are left out of it.
                var whole = screened.Count == cats.Count || e.Action == DisclosureAction;
                report.Withholdings.Add(new AccessReportWithholding
                {
                    Id = Guid.NewGuid(), Sequence = e.Sequence, RuleId = string.Join(',', rules.Select(r => r.Id)),
                    Provision = string.Join("; ", rules.Select(r => r.Provision)), Automatic = true,
                    Scope = whole ? WithholdingScopes.Line : WithholdingScopes.Categories,
                });
            }

            _db.AccessReports.Add(report);
        }, ct);
        return new(reportId, null);
    }

    /// <summary>The DPO's screening view of a draft or released report: every line, withheld ones marked with the provision.</summary>
    public Task<AccessReportView> GetForScreeningAsync(ProcessContext context, Guid reportId, CancellationToken ct) => BuildAsync(context, reportId, released: false, ct);

    /// <summary>The released report as it goes to the data subject: withheld lines removed, staff names only if released.</summary>
    public Task<AccessReportView> GetReleasedAsync(ProcessContext context, Guid reportId, CancellationToken ct) => BuildAsync(context, reportId, released: true, ct);

    /// <summary>Sets the DPO's own withholdings (in addition to the automatic ones) and whether staff names are released.</summary>
    public async Task<AccessReportResult> SaveScreeningAsync(ProcessContext context, Guid reportId, IReadOnlyCollection<long> manualWithheld,
        bool releaseStaffIdentities, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manualWithheld);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReport, LogScope.Target(reportId.ToString())), ct);
        var report = await ReportInScopeAsync(grant, reportId, tracked: true, ct);
        if (report.ReleasedAt is not null) return new(reportId, "Registerutdraget är redan utlämnat och kan inte ändras.");
        await grant.WriteAsync(async () =>
        {
            var subject = await SubjectRecords.FindAsync(_db, report.PersonId, null, ct);
            var allowed = (await EntriesAsync(LogScope.Of(grant), subject, report.UpToSequence, ct)).Select(e => e.Sequence).ToHashSet();
            _db.AccessReportWithholdings.RemoveRange(report.Withholdings.Where(w => !w.Automatic));
            foreach (var s in manualWithheld.Where(allowed.Contains)
                         .Except(report.Withholdings.Where(w => w.Automatic && w.Scope == WithholdingScopes.Line).Select(w => w.Sequence)).Distinct())
                _db.AccessReportWithholdings.Add(new AccessReportWithholding
                {
                    Id = Guid.NewGuid(), ReportId = reportId, Sequence = s, RuleId = Manual, Provision = "Dataskyddsombudets sekretessprövning (5 kap. 1 § dataskyddslagen)",
                });
            report.StaffIdentitiesReleased = releaseStaffIdentities;
            grant.Draft = grant.Draft with { PersonId = report.PersonId };
        }, ct);
        return new(reportId, null);
    }

    /// <summary>Releases the report after the DPO has confirmed the secrecy screening (mandatory step).</summary>
    public async Task<AccessReportResult> ReleaseAsync(ProcessContext context, Guid reportId, bool screeningConfirmed, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReport, LogScope.Target(reportId.ToString())), ct);
        var report = await ReportInScopeAsync(grant, reportId, tracked: true, ct);
        if (report.ReleasedAt is not null) return new(reportId, null);
        if (!screeningConfirmed) return new(reportId, "Bekräfta att sekretessprövningen är gjord innan utdraget lämnas ut.");
        await grant.WriteAsync(() =>
        {
            report.ReleasedAt = _clock.GetUtcNow().UtcDateTime;
            report.ReleasedByUserId = grant.Actor.UserId;
            grant.Draft = grant.Draft with { PersonId = report.PersonId };
            grant.Touch(report.Withholdings.Select(w => w.Id));
            return Task.CompletedTask;
        }, ct);
        return new(reportId, null);
    }

    private async Task<AccessReportView> BuildAsync(ProcessContext context, Guid reportId, bool released, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReport, LogScope.Target(reportId.ToString())), ct);
        var report = await ReportInScopeAsync(grant, reportId, tracked: false, ct);
        // The released view of a report that is not released yet does not exist: the same 404 as another authority's report.
        if (released && report.ReleasedAt is null) throw await grant.RefuseAsync(null, ct);
        grant.Draft = grant.Draft with { PersonId = report.PersonId };
        return await grant.ReadAsync(() => ViewAsync(LogScope.Of(grant), grant.Policies, report, released, ct), ct);
    }

    private async Task<AccessReportView> ViewAsync(LogScope scope, Policy.PolicySet policies, AccessReportRecord report, bool released, CancellationToken ct)
    {
        var subject = await SubjectRecords.FindAsync(_db, report.PersonId, null, ct);
        var entries = await EntriesAsync(scope, subject, report.UpToSequence, ct);
        var categories = await CategoriesAsync(entries, subject, ct);
        var withheld = report.Withholdings.Where(w => w.Scope == WithholdingScopes.Line).ToDictionary(w => w.Sequence);
        var partial = report.Withholdings.Where(w => w.Scope == WithholdingScopes.Categories).Select(w => w.Sequence).ToHashSet();
        var person = await _db.Persons.AsNoTracking().Where(p => p.Id == report.PersonId).Select(p => new { p.NameCipher, p.PersonalNumberCipher }).SingleAsync(ct);
        var authorities = await _db.Authorities.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var userIds = entries.Select(e => e.ActorUserId).OfType<string>().Distinct().ToList();
        var users = await _db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var grounds = policies.LegalGrounds;
        // The disclosure register (issue 5) names the recipient; the entry carries the disclosure's id among its ids.
        var disclosureIds = entries.Where(e => e.Action == DisclosureAction).SelectMany(ItemIds).Distinct().ToList();
        var recipients = await _db.Disclosures.AsNoTracking().Where(d => disclosureIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => new { d.RecipientAuthorityId, d.Channel }, ct);
        var staff = !released || report.StaffIdentitiesReleased;

        AccessReportLine Line(AuditEntry e)
        {
            withheld.TryGetValue(e.Sequence, out var w);
            var disclosure = e.Action == DisclosureAction;
            var registered = disclosure ? ItemIds(e).Where(recipients.ContainsKey).Select(id => recipients[id]).FirstOrDefault() : null;
            // Without a register row (older entries): the entry's resource authority, when it is not the sender's own.
            var recipient = registered is not null ? authorities.GetValueOrDefault(registered.RecipientAuthorityId)
                : disclosure && e.ResourceAuthorityId is { } r && r != e.ActorAuthorityId ? authorities.GetValueOrDefault(r) : null;
            return new AccessReportLine(e.Sequence, e.OccurredAt, e.ActorAuthorityId is { } a ? authorities.GetValueOrDefault(a, "") : "",
                recipient, partial.Contains(e.Sequence) ? categories.GetValueOrDefault(e.Sequence, []).Where(c => !_screening.ScreenedCategories.Contains(c)).ToList()
                    : categories.GetValueOrDefault(e.Sequence, []), e.LegalGround,
                e.LegalGround is { } g && grounds.TryGetValue(g, out var ground) ? ground.Title + " (" + ground.Provision + ")" : null,
                e.Purpose, e.Action, staff && e.ActorUserId is { } u ? users.GetValueOrDefault(u) : null, e.ActorRole, w?.RuleId, w?.Provision, w?.Automatic ?? false);
        }

        var lines = entries.Select(Line).Where(l => !released || !l.Withheld).ToList();
        var view = new AccessReportView(report.Id, _fields.Unprotect(person.NameCipher), _fields.Unprotect(person.PersonalNumberCipher),
            authorities.GetValueOrDefault(report.AuthorityId, ""), report.CreatedAt, report.UpToSequence, report.ReleasedAt is not null, report.ReleasedAt,
            report.StaffIdentitiesReleased, lines.Where(l => l.Action == DisclosureAction).ToList(), lines.Where(l => l.Action != DisclosureAction).ToList(),
            _screening.Views, report.Withholdings.Count);
        return view;
    }

    /// <summary>
    /// The person's permitted processing in the controller's log, up to the report's fixed sequence: the entries of cases about
    /// the person and those of items in other persons' cases that name the person.
    /// </summary>
    private Task<List<AuditEntry>> EntriesAsync(LogScope scope, SubjectRecords subject, long upTo, CancellationToken ct) =>
        scope.Apply(_db.AuditEntries.AsNoTracking()).Where(subject.Predicate())
            .Where(e => e.Sequence <= upTo && e.Decision == "permit" && e.ActorUserId != null && !e.Action.StartsWith("audit."))
            .OrderBy(e => e.Sequence).ToListAsync(ct);

    /// <summary>
    /// Item categories per entry, from the item ids the entry names that are the person's (no content is read): of another
    /// person's case only the items that name this person, so the report never tells what else that case holds.
    /// </summary>
    private async Task<Dictionary<long, List<string>>> CategoriesAsync(List<AuditEntry> entries, SubjectRecords subject, CancellationToken ct)
    {
        var ids = entries.SelectMany(e => ItemIds(e)).Distinct().ToList();
        var cats = await _db.InformationItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Category, ct);
        foreach (var plan in await _db.ActionPlanEntries.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct))
            cats[plan] = Cases.ItemCategories.ActionPlan;
        return entries.ToDictionary(e => e.Sequence,
            e => subject.RecordsOf(e, ItemIds(e)).Where(cats.ContainsKey).Select(i => cats[i]).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<Guid> ItemIds(AuditEntry e)
    {
        foreach (var part in e.ItemIds.Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (Guid.TryParse(part, out var g)) yield return g;
        if (e.ResourceType is ResourceTypes.Item or ResourceTypes.ActionPlan && Guid.TryParse(e.ResourceId, out var r)) yield return r;
    }

    /// <summary>The report, if it is the caller's authority's; any other id is refused (audited 404) exactly like one that does not exist.</summary>
    private async Task<AccessReportRecord> ReportInScopeAsync(AccessGateway.Grant grant, Guid reportId, bool tracked, CancellationToken ct)
    {
        var query = _db.AccessReports.Include(r => r.Withholdings).Where(r => r.Id == reportId);
        var report = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        if (report is null || report.AuthorityId != LogScope.Of(grant).AuthorityId) throw await grant.RefuseAsync(null, ct);
        return report;
    }
}
