namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// What an access's entry names before the work runs: ids only, from the resolved facts where there are any. A deny names
/// the target (resource id) but no related records, since nothing was touched; a grant adds the records it opened.
/// </summary>
internal static class AccessDrafts
{
    public static AuditDraft For(AccessRequest request, Actor actor, AccessFacts? facts)
    {
        var action = request.AuditAction ?? request.Action.Name;
        var type = request.Target.ResourceType;
        var own = actor.IsKnown ? actor.AuthorityId : (Guid?)null;
        var c = facts?.Case;
        return request.Target switch
        {
            AccessTarget.OwnAuthority t => new AuditDraft(action, type, t.ResourceId, own, t.CaseId, t.PersonId),
            AccessTarget.Rows => new AuditDraft(action, type, null, own),
            AccessTarget.Case t => new AuditDraft(action, type, t.CaseId.ToString(), c?.LeadAuthorityId, t.CaseId, c?.SubjectPersonId),
            AccessTarget.Record t => new AuditDraft(action, type, t.Ref.Id.ToString(), facts?.Record?.OwnerAuthorityId, c?.Id, c?.SubjectPersonId),
            AccessTarget.NewRecord t => new AuditDraft(action, type, null, own, t.CaseId, c?.SubjectPersonId),
            AccessTarget.Consent t => new AuditDraft(action, type, t.ConsentId.ToString(), c?.LeadAuthorityId, c?.Id, c?.SubjectPersonId),
            AccessTarget.Disclosure t => new AuditDraft(action, type, t.DisclosureId.ToString(), facts?.Disclosure?.SenderAuthorityId, c?.Id, c?.SubjectPersonId),
            AccessTarget.InformationRequest t => new AuditDraft(action, type, t.RequestId.ToString(), facts?.InformationRequest?.ToAuthorityId, c?.Id, c?.SubjectPersonId),
            AccessTarget.Meeting t => new AuditDraft(action, type, t.MeetingId.ToString(), c?.LeadAuthorityId, c?.Id, c?.SubjectPersonId),
            AccessTarget.Agreement t => new AuditDraft(action, type, t.ResourceId ?? t.AgreementId.ToString(), own),
            AccessTarget.AgreementRecord t => new AuditDraft(action, type, t.Id.ToString(), own),
            AccessTarget.ThinningRun t => new AuditDraft(action, type, t.RunId.ToString(), facts?.ThinningRun?.AuthorityId),
            AccessTarget.ThinningCandidate t => facts?.ListedRecord is { } r
                ? new AuditDraft(action, r.ResourceType, r.ResourceId.ToString(), r.Run.AuthorityId, r.CaseId, r.PersonId, [r.ResourceId])
                : new AuditDraft(action, type, t.CandidateId.ToString(), own),
            AccessTarget.LegalHold t => new AuditDraft(action, type, t.HoldId.ToString(), facts?.LegalHold?.AuthorityId, facts?.LegalHold?.CaseId, facts?.LegalHold?.PersonId),
            AccessTarget.Person t => new AuditDraft(action, type, t.PersonId.ToString(), c?.LeadAuthorityId, c?.Id, t.PersonId),
            // A user id only once it resolved: a form's unknown "id" may be any text, and the log holds no free text.
            AccessTarget.UserAccount => new AuditDraft(action, type, facts?.Account?.Id, facts?.Account?.AuthorityId),
            AccessTarget.NewAccountIn t => new AuditDraft(action, type, null, t.AuthorityId),
            AccessTarget.FederationMapping t => new AuditDraft(action, type, t.MappingId.ToString(), facts?.Account?.AuthorityId),
            AccessTarget.BreakGlassSession t => new AuditDraft(action, type, (facts?.BreakGlassSession?.Id ?? t.SessionId)?.ToString(),
                facts?.BreakGlassSession?.AuthorityId ?? own, c?.Id ?? t.CaseId, c?.SubjectPersonId),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    /// <summary>The records a permitted access on this target touches by itself (the entry names them).</summary>
    public static IEnumerable<Guid> Opened(AccessTarget target, AccessFacts facts) => target switch
    {
        AccessTarget.Record t => [t.Ref.Id],
        AccessTarget.Disclosure t => facts.Disclosure is { } d ? [t.DisclosureId, d.Record.Id] : [t.DisclosureId],
        AccessTarget.InformationRequest t => [t.RequestId],
        AccessTarget.AgreementRecord t => [t.Id],
        AccessTarget.BreakGlassSession => facts.BreakGlassSession is { } s ? [s.Id] : [],
        _ => [],
    };
}
