using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Access;

internal sealed partial class AttributeResolver
{
    /// <summary>
    /// Every fact the target's decision reads, resolved from its ids; null when an id resolves to nothing (the gateway then
    /// refuses exactly as for something the caller may not see).
    /// </summary>
    public async Task<AccessFacts?> ResolveAsync(Actor actor, AccessTarget target, CancellationToken ct)
    {
        var facts = new AccessFacts(actor);
        switch (target)
        {
            case AccessTarget.Rows:
                return facts;
            case AccessTarget.OwnAuthority t:
                return t.ResourceType == ResourceTypes.AuditLog ? facts with { Unit = await ResolveUnitAsync(actor, ct) } : facts;
            case AccessTarget.Case t:
                return await ResolveCaseAsync(t.CaseId, ct) is { } c ? facts with { Case = c } : null;
            case AccessTarget.Record t:
                return await ResolveRecordAsync(t.Ref, ct) is { } r ? facts with { Case = r.Case, Record = r.Record } : null;
            case AccessTarget.NewRecord t:
                return await ResolveNewRecordAsync(facts, t, ct);
            case AccessTarget.Consent t:
                var consentCase = await db.Consents.AsNoTracking().Where(x => x.Id == t.ConsentId).Select(x => (Guid?)x.CaseId).FirstOrDefaultAsync(ct);
                var consent = consentCase is null ? null : await ResolveConsentAsync(t.ConsentId, ct);
                return consentCase is { } cc && consent is not null && await ResolveCaseAsync(cc, ct) is { } ccase ? facts with { Case = ccase, Consent = consent } : null;
            case AccessTarget.Disclosure t:
                return await ResolveDisclosureFactsAsync(facts, t.DisclosureId, ct);
            case AccessTarget.InformationRequest t:
                var ir = await db.InformationRequests.AsNoTracking().Where(x => x.Id == t.RequestId)
                    .Select(x => new InformationRequestAttributes(x.Id, x.CaseId, x.FromAuthorityId, x.ToAuthorityId, x.Status)).FirstOrDefaultAsync(ct);
                return ir is not null && await ResolveCaseAsync(ir.CaseId, ct) is { } rcase ? facts with { Case = rcase, InformationRequest = ir } : null;
            case AccessTarget.Meeting t:
                var m = await db.Meetings.AsNoTracking().Where(x => x.Id == t.MeetingId)
                    .Select(x => new { x.Id, x.CaseId, Present = x.PresentAuthorities.Select(a => a.AuthorityId).ToList() }).FirstOrDefaultAsync(ct);
                return m is not null && await ResolveCaseAsync(m.CaseId, ct) is { } mcase
                    ? facts with { Case = mcase, Meeting = new MeetingAttributes(m.Id, m.CaseId, m.Present) } : null;
            case AccessTarget.Agreement t:
                return await ResolveAgreementAsync(actor, t.AgreementId, ct) is { } agreement ? facts with { Agreement = agreement } : null;
            case AccessTarget.AgreementRecord t:
                var recordAgreement = t.ResourceType switch
                {
                    ResourceTypes.AgreementDocument => await db.AgreementDocuments.AsNoTracking().Where(d => d.Id == t.Id).Select(d => (Guid?)d.AgreementId).FirstOrDefaultAsync(ct),
                    ResourceTypes.AgreementActivity => await db.AgreementActivities.AsNoTracking().Where(a => a.Id == t.Id).Select(a => (Guid?)a.AgreementId).FirstOrDefaultAsync(ct),
                    _ => null,
                };
                return recordAgreement is { } ra && await ResolveAgreementAsync(actor, ra, ct) is { } ofRecord ? facts with { Agreement = ofRecord } : null;
            case AccessTarget.ThinningRun t:
                return await ResolveThinningRunAsync(t.RunId, ct) is { } run ? facts with { ThinningRun = run } : null;
            case AccessTarget.ThinningCandidate t:
                return await ResolveListedRecordAsync(facts, t.CandidateId, ct);
            case AccessTarget.LegalHold t:
                return await ResolveLegalHoldAsync(t.HoldId, ct) is { } hold ? facts with { LegalHold = hold } : null;
            case AccessTarget.Person t:
                return await ResolvePersonAsync(facts, t.PersonId, ct);
            case AccessTarget.UserAccount t:
                return await ResolveAccountAsync(t.UserId, ct) is { } account ? facts with { Account = account } : null;
            case AccessTarget.NewAccountIn t:
                return await ResolveNewAccountAsync(t, ct) is { } newAccount ? facts with { Account = newAccount } : null;
            case AccessTarget.FederationMapping t:
                return await ResolveFederationMappingAsync(t.MappingId, ct) is { } mapping ? facts with { Account = mapping } : null;
            case AccessTarget.BreakGlassSession t:
                return await ResolveBreakGlassAsync(facts, t, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }

    /// <summary>
    /// A record about to be created, owned by the caller's authority, with an id made here. The persons it will be about
    /// must be persons of the case; an id the form invented (or one from another case) makes the whole target unknown.
    /// </summary>
    private async Task<AccessFacts?> ResolveNewRecordAsync(AccessFacts facts, AccessTarget.NewRecord t, CancellationToken ct)
    {
        if (t.Type is not (ResourceTypes.Item or ResourceTypes.ActionPlan)) return null;
        var c = await ResolveCaseAsync(t.CaseId, ct);
        if (c is null) return null;
        IReadOnlyList<Guid> persons = [c.SubjectPersonId, .. t.DataSubjectIds.Where(p => p != c.SubjectPersonId).Distinct()];
        var anyProtected = c.SubjectProtectedIdentity;
        if (persons.Count > 1)
        {
            var known = await ResolveCasePersonsAsync(c, ct);
            if (!persons.All(known.Contains)) return null;
            anyProtected |= await db.Persons.AsNoTracking().AnyAsync(p => persons.Contains(p.Id) && (p.Sekretessmarkering || p.SkyddadFolkbokforing), ct);
        }

        var record = new ItemAttributes(Guid.NewGuid(), facts.Actor.AuthorityId, facts.Actor.AuthorityKind, t.Category)
        {
            Type = t.Type, DataSubjectIds = persons.Order().ToList(), AnySubjectProtected = anyProtected,
        };
        return facts with { Case = c, Record = record };
    }

    private async Task<AccessFacts?> ResolveDisclosureFactsAsync(AccessFacts facts, Guid disclosureId, CancellationToken ct)
    {
        var d = await db.Disclosures.AsNoTracking().Where(x => x.Id == disclosureId)
            .Select(x => new DisclosureAttributes(x.Id, x.CaseId, new RecordRef(x.ResourceType, x.ResourceId), x.SenderAuthorityId, x.RecipientAuthorityId,
                x.Ground, x.ConsentId, x.DecidedByUserId, x.PendingSecondApproval, x.EndedAt != null, x.IncludesContact))
            .FirstOrDefaultAsync(ct);
        if (d is null || await ResolveRecordAsync(d.Record, ct) is not { } r || r.Case.Id != d.CaseId) return null;
        return facts with { Case = r.Case, Record = r.Record, Disclosure = d, Consent = await ResolveDisclosureConsentAsync(d, r.Case, ct) };
    }

    /// <summary>
    /// The consents a share rests on (each person's own, <see cref="Disclosures.DisclosureConsent"/>, and the older single
    /// <see cref="DisclosureAttributes.ConsentId"/>), composed: one withdrawn or expired part is the whole withdrawn or expired.
    /// </summary>
    private async Task<ConsentAttributes?> ResolveDisclosureConsentAsync(DisclosureAttributes d, CaseAttributes c, CancellationToken ct)
    {
        var ids = await db.DisclosureConsents.AsNoTracking().Where(x => x.DisclosureId == d.Id).Select(x => x.ConsentId).ToListAsync(ct);
        if (d.ConsentId is { } main && !ids.Contains(main)) ids.Add(main);
        if (ids.Count == 0) return null;
        var parts = (await ConsentFacts(db.Consents.Where(x => ids.Contains(x.Id))).ToListAsync(ct)).Select(ToAttributes).ToList();
        return ConsentComposition.Compose(parts, c.SubjectPersonId);
    }

    /// <summary>A nödåtkomst session by id, or the actor's own unstopped session in a case; with the session's case.</summary>
    private async Task<AccessFacts?> ResolveBreakGlassAsync(AccessFacts facts, AccessTarget.BreakGlassSession t, CancellationToken ct)
    {
        var sessions = db.BreakGlassSessions.AsNoTracking();
        var query = t.SessionId is { } id ? sessions.Where(s => s.Id == id)
            : t.CaseId is { } caseId && facts.Actor.IsKnown ? sessions.Where(s => s.CaseId == caseId && s.UserId == facts.Actor.UserId && s.EndedAt == null)
            : null;
        if (query is null) return null;
        var session = await query.OrderByDescending(s => s.StartedAt)
            .Select(s => new BreakGlassFacts(s.Id, s.CaseId, s.UserId, s.AuthorityId, s.ExpiresAt, s.EndedAt != null, s.ReviewedAt != null)).FirstOrDefaultAsync(ct);
        if (session is null || (t.CaseId is { } named && named != session.CaseId)) return null;
        return await ResolveCaseAsync(session.CaseId, ct) is { } c ? facts with { Case = c, BreakGlassSession = session } : null;
    }

    /// <summary>
    /// The agreement's parties and validity, and the actor's forums in it (empty for an unknown actor). Also for a grant's
    /// rows: a list of agreements decides each one on these facts.
    /// </summary>
    public async Task<AgreementFacts?> ResolveAgreementAsync(Actor actor, Guid agreementId, CancellationToken ct)
    {
        var head = await db.Agreements.AsNoTracking().Where(a => a.Id == agreementId)
            .Select(a => new { a.Id, a.ValidFrom, a.ValidTo }).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        var parties = await (from p in db.AgreementParties.AsNoTracking()
                             join pa in db.AgreementPartyAuthorities.AsNoTracking() on p.Id equals pa.PartyId
                             where p.AgreementId == agreementId
                             select pa.AuthorityId).Distinct().ToListAsync(ct);
        IReadOnlyList<string> forums = actor.IsKnown
            ? await (from m in db.ForumMembers.AsNoTracking()
                     join f in db.Forums.AsNoTracking() on m.ForumId equals f.Id
                     where m.UserId == actor.UserId && f.AgreementId == agreementId
                     select f.Kind).Distinct().ToListAsync(ct)
            : [];
        return new AgreementFacts(head.Id, parties, head.ValidFrom, head.ValidTo, forums);
    }

    /// <summary>A unit manager's unit and its users, for the log (the manager reviews only the own unit's entries).</summary>
    private async Task<LogUnit?> ResolveUnitAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsKnown || actor.Role != Roles.UnitManager) return null;
        var unit = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Unit).FirstOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(unit)) return null;
        var authority = actor.AuthorityId;
        var users = await db.Users.AsNoTracking().Where(u => u.AuthorityId == authority && u.Unit == unit).Select(u => u.Id).ToListAsync(ct);
        return new LogUnit(unit, users);
    }
}
