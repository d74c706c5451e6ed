using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Consents;

/// <summary>Reads of a case's consents and guardians; every read is one grant (consent.read), decided and audited.</summary>
public sealed class ConsentReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal ConsentReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _clock = clock;
    }

    public async Task<CaseConsents> ForCaseAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.ConsentRead, new AccessTarget.Case(caseId, ResourceTypes.Consent)), ct);
        return await grant.ReadAsync(async () =>
        {
            var result = await BuildAsync(grant, null, ct);
            grant.Touch(result.Consents.Select(c => c.Id));
            return result;
        }, ct);
    }

    /// <summary>One consent (the receipt). The case is resolved from the consent id by the PIP, never taken from the caller.</summary>
    public async Task<ConsentView> GetAsync(ProcessContext context, Guid consentId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.ConsentRead, new AccessTarget.Consent(consentId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var result = await BuildAsync(grant, consentId, ct);
            grant.Touch(consentId);
            return result.Consents.Single();
        }, ct);
    }

    /// <summary>The signed form, for participants only; audited like the consent itself. A consent without one is a 404.</summary>
    public async Task<(byte[] Content, string ContentType)> GetAttachmentAsync(ProcessContext context, Guid consentId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.ConsentRead, new AccessTarget.Consent(consentId)), ct);
        var row = await _db.Consents.AsNoTracking().Where(c => c.Id == consentId)
            .Select(c => new { c.AttachmentCipher, c.AttachmentContentType }).SingleAsync(ct);
        if (row.AttachmentCipher is null) throw await grant.RefuseAsync(null, ct);
        return await grant.ReadAsync(() =>
        {
            grant.Touch(consentId);
            return Task.FromResult((_fields.UnprotectBytes(row.AttachmentCipher), row.AttachmentContentType ?? "application/octet-stream"));
        }, ct);
    }

    private async Task<CaseConsents> BuildAsync(AccessGateway.Grant grant, Guid? only, CancellationToken ct)
    {
        var c = grant.Case;
        var head = await (from x in _db.Cases.AsNoTracking()
                          join p in _db.Persons.AsNoTracking() on x.SubjectPersonId equals p.Id
                          where x.Id == c.Id
                          select new { x.Reference, p.NameCipher, p.PersonalNumberCipher, p.BirthYear }).SingleAsync(ct);
        var headBirth = PersonBirth.Of(_fields, head.PersonalNumberCipher, head.BirthYear);
        var participants = await CaseParticipantQueries.ParticipantsAsync(_db, c.Id, null, ct);
        var guardians = (await _db.Guardians.AsNoTracking().Where(g => g.ChildPersonId == c.SubjectPersonId).OrderBy(g => g.RecordedAt).ToListAsync(ct))
            .Select(g => new GuardianView(g.Id, _fields.Unprotect(g.NameCipher))).ToList();
        var query = _db.Consents.AsNoTracking().Where(x => x.CaseId == c.Id);
        if (only is { } id) query = query.Where(x => x.Id == id);
        var rows = await (from x in query
                          join u in _db.Users.AsNoTracking() on x.RecordedByUserId equals u.Id
                          join a in _db.Authorities.AsNoTracking() on x.RecordedByAuthorityId equals a.Id
                          orderby x.RecordedAt descending
                          select new { Consent = x, u.DisplayName, AuthorityName = a.Name }).ToListAsync(ct);

        // Each consent is its own person's: the persons of the case (its own, those its items name, those who consented).
        var now = _clock.GetUtcNow().UtcDateTime;
        var personIds = (await _resolver.ResolveCasePersonsAsync(c, ct)).ToList();
        var persons = (await _db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.NameCipher, p.PersonalNumberCipher, p.BirthYear }).ToListAsync(ct))
            .Select(p => (p.Id, p.NameCipher, Birth: PersonBirth.Of(_fields, p.PersonalNumberCipher, p.BirthYear)))
            .Select(p => new ConsentPerson(p.Id, _fields.Unprotect(p.NameCipher), AgeAt(p.Birth, now), p.Id == c.SubjectPersonId) { BirthDate = p.Birth })
            .OrderByDescending(p => p.IsCaseSubject).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var byId = persons.ToDictionary(p => p.Id);
        var names = participants.ToDictionary(p => p.Id, p => p.Name);
        var guardianNames = guardians.ToDictionary(g => g.Id, g => g.Name);
        var subjectName = _fields.Unprotect(head.NameCipher);
        var mayWithdraw = grant.Would(Actions.ConsentWithdraw, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Consent));
        var views = rows.Select(r =>
        {
            var x = r.Consent;
            var person = byId.GetValueOrDefault(x.SubjectPersonId);
            var status = x.WithdrawnAt is not null ? ConsentStatuses.Withdrawn
                : now < x.ValidFrom ? ConsentStatuses.NotYetValid
                : now >= x.ValidTo ? ConsentStatuses.Expired : ConsentStatuses.Valid;
            var senders = x.SenderAuthorityIds.Select(a => names.GetValueOrDefault(a, "(myndighet som inte längre deltar)")).ToList();
            var recipients = x.RecipientAuthorityIds.Select(a => names.GetValueOrDefault(a, "(myndighet som inte längre deltar)")).ToList();
            var categories = x.Categories.Select(CategoryName).ToList();
            return new ConsentView(x.Id, c.Id, head.Reference, c.Type, person?.Name ?? subjectName, AgeAt(person?.BirthDate ?? headBirth, x.RecordedAt),
                senders, recipients, categories, x.ValidFrom, x.ValidTo, x.GivenBySubject,
                x.ConsentingGuardianIds.Select(g => guardianNames.GetValueOrDefault(g, "(okänd)")).ToList(), guardians.Count,
                x.MaturityAssessmentCipher is null ? null : _fields.Unprotect(x.MaturityAssessmentCipher),
                x.CustodyExceptionCipher is null ? null : _fields.Unprotect(x.CustodyExceptionCipher),
                x.Form, x.InformedOfConsequences, x.InformedOfRightToWithdraw, r.DisplayName, r.AuthorityName, x.RecordedAt,
                x.WithdrawnAt, x.WithdrawalNoteCipher is null ? null : _fields.Unprotect(x.WithdrawalNoteCipher), x.AttachmentCipher is not null,
                status, EffectiveScope(senders, categories, recipients, c.Type, x.ValidTo), mayWithdraw && x.WithdrawnAt is null)
            {
                SubjectIsCasePerson = x.SubjectPersonId == c.SubjectPersonId,
            };
        }).ToList();

        var mayRecord = grant.Would(Actions.ConsentRecord, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Consent));
        return new CaseConsents(c.Id, head.Reference, c.Type, c.Status, subjectName, AgeAt(headBirth, now), views, guardians, participants, mayRecord)
        {
            Persons = persons,
        };
    }

    internal static string CategoryName(string code) =>
        code == ItemCategories.ActionPlan ? "åtgärdsplanen (egna åtaganden)"
        : ItemCategories.All.FirstOrDefault(c => c.Code == code)?.SwedishName ?? code;

    /// <summary>The effective scope in one sentence, so nobody has to combine four lists in their head.</summary>
    internal static string EffectiveScope(IReadOnlyList<string> senders, IReadOnlyList<string> categories, IReadOnlyList<string> recipients, string programme, DateTime validTo) =>
        string.Create(CultureInfo.GetCultureInfo("sv-SE"),
            $"Samtycket låter {Join(senders)} lämna {Join(categories.Select(c => c.ToLower(CultureInfo.GetCultureInfo("sv-SE"))).ToList())} till {Join(recipients)} för arbetet i {programme}-ärendet, till och med {validTo.AddDays(-1):d MMMM yyyy}. Det gäller bara personens egna uppgifter och kan återkallas när som helst.");

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "ingen",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " och " + parts[^1],
    };

    internal static int AgeAt(DateOnly birth, DateTime at)
    {
        var day = DateOnly.FromDateTime(at);
        return day.Year - birth.Year - (day < birth.AddYears(day.Year - birth.Year) ? 1 : 0);
    }
}
