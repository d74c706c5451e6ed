using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

internal sealed partial class AccessGateway
{
    /// <summary>
    /// A permitted access, holding its transaction. The work runs inside <see cref="ReadAsync{T}"/>,
    /// <see cref="WriteAsync{T}"/> or <see cref="CreateAsync"/>, which own the transaction mode, the commit and the entry
    /// (durable before anything is returned). Further decisions inside the same access (which rows a list shows, what a
    /// page may offer) go through <see cref="Decide"/>; a further condition that must hold goes through
    /// <see cref="RequireAsync"/> or <see cref="RefuseAsync"/>, whose deny is audited like any other. Disposed without
    /// completing, the transaction rolls back and nothing is audited as permitted.
    /// </summary>
    internal sealed class Grant : IAsyncDisposable
    {
        private readonly AccessGateway _gateway;
        private readonly IDbContextTransaction _tx;
        private readonly AccessRequest _request;
        private readonly List<Guid> _related = [];
        private readonly SortedSet<string> _rowRules = new(StringComparer.Ordinal);
        private readonly List<(AuditDraft Draft, Decision Decision)> _extraEntries = [];
        private bool _closed;
        private Decision? _entryDecision;

        internal Grant(AccessGateway gateway, IDbContextTransaction tx, AccessRequest request, AccessFacts facts, Decision? decision, Duties duties, AuditDraft draft)
        {
            _gateway = gateway;
            _tx = tx;
            _request = request;
            Facts = facts;
            Decision = decision;
            Duties = duties;
            Draft = draft;
            _related.AddRange(AccessDrafts.Opened(request.Target, facts));
        }

        public AccessFacts Facts { get; }

        public Actor Actor => Facts.Actor;

        public CaseAttributes Case => Facts.RequiredCase;

        public ItemAttributes Record => Facts.RequiredRecord;

        /// <summary>The decision that permitted the access (null for a list, whose rows are decided one by one).</summary>
        public Decision? Decision { get; }

        /// <summary>What the decision obliges the work to do (redactions, notices, anteckning, suppression).</summary>
        public Duties Duties { get; }

        /// <summary>What the entry will say; the work may narrow or complete it (e.g. the record it created).</summary>
        public AuditDraft Draft { get; set; }

        public PolicySet Policies => _gateway.Policies;

        /// <summary>Names records the work returned or changed; the entry lists exactly these.</summary>
        public void Touch(IEnumerable<Guid> ids) => _related.AddRange(ids);

        public void Touch(Guid id) => _related.Add(id);

        /// <summary>
        /// A further decision inside this access (a list's row, what a page may offer), on the same actor, purpose and case.
        /// Never audited by itself and never a deny: the caller shows or omits; the entry names what was shown.
        /// </summary>
        public Decision Decide(PolicyAction action, Func<DecisionRequest, DecisionRequest> describe)
        {
            var request = _gateway.NewRequest(Actor, _request.Context, action);
            if (Facts.Case is { } c) request.DescribeCase(c);
            return AccessGateway.Decide(describe(request));
        }

        /// <summary>Whether a further action would be permitted with duties the given profile can discharge.</summary>
        public bool Would(PolicyAction action, Func<DecisionRequest, DecisionRequest> describe, ObligationProfile profile = ObligationProfile.Write)
        {
            var decision = Decide(action, describe);
            return decision.IsPermit && Duties.Of(decision, profile) is not null;
        }

        /// <summary>Decides a row of a list and, if it may be shown under <paramref name="profile"/>, counts its rules into the entry.</summary>
        public Duties? DecideRow(PolicyAction action, Func<DecisionRequest, DecisionRequest> describe, ObligationProfile profile = ObligationProfile.Read)
        {
            var decision = Decide(action, describe);
            var duties = decision.IsPermit ? Duties.Of(decision, profile) : null;
            if (duties is not null) _rowRules.UnionWith(decision.RuleIds);
            return duties;
        }

        /// <summary>
        /// A further decision that must permit for the work to go on (a second action on the same record, the disclosure
        /// itself). On deny the work's transaction is rolled back, the deny entry committed and the grant closed; the
        /// caller gets the decision back to explain the refusal (<see cref="IsPermitted"/> false) and must stop.
        /// </summary>
        /// <remarks>
        /// With <paramref name="decidesEntry"/> the permitting decision becomes the one the entry records (its action and
        /// rules): the access is this action (a disclosure), the grant's own decision only opened the record.
        /// </remarks>
        public async Task<(Decision Decision, Duties? Duties)> CheckAsync(PolicyAction action, Func<DecisionRequest, DecisionRequest> describe,
            ObligationProfile profile, Func<AuditDraft, AuditDraft>? draft, CancellationToken ct, bool decidesEntry = false)
        {
            var decision = Decide(action, describe);
            var duties = decision.IsPermit ? Duties.Of(decision, profile) : null;
            var described = (draft ?? (d => d))(Draft with { Action = action.Name });
            if (duties is null)
            {
                _closed = true;
                await _gateway.DenyAsync(Actor, _request.Context, described, decision, ct);
            }
            else if (decidesEntry)
            {
                (Draft, _entryDecision) = (described, decision);
            }

            return (decision, duties);
        }

        /// <summary>As <see cref="CheckAsync"/>, throwing the 404 on deny.</summary>
        public async Task<Duties> RequireAsync(PolicyAction action, Func<DecisionRequest, DecisionRequest> describe, ObligationProfile profile,
            Func<AuditDraft, AuditDraft>? draft, CancellationToken ct)
        {
            var (_, duties) = await CheckAsync(action, describe, profile, draft, ct);
            return duties ?? throw new AccessDeniedException();
        }

        /// <summary>
        /// The work met something outside what was permitted (another authority's record behind a permitted case, an id
        /// the form should not have had): roll back, commit a deny entry, close the grant, and return the 404 to throw.
        /// </summary>
        public async Task<AccessDeniedException> RefuseAsync(Func<AuditDraft, AuditDraft>? draft, CancellationToken ct)
        {
            _closed = true;
            return await _gateway.DenyAsync(Actor, _request.Context, (draft ?? (d => d))(Draft), null, ct);
        }

        /// <summary>A second entry that this access must also leave (reads under nödåtkomst under their own rule and ground).</summary>
        public void AlsoAudit(AuditDraft draft, Decision decision) => _extraEntries.Add((draft, decision));

        /// <summary>
        /// Runs a read: the work reads in the grant's snapshot; the transaction commits (with any notices the read owes);
        /// the entry is durably appended by group commit; only then is the result returned. If the entry cannot be
        /// written the caller gets the exception, never the data.
        /// </summary>
        public async Task<T> ReadAsync<T>(Func<Task<T>> work, CancellationToken ct)
        {
            EnsureOpen();
            var result = await work();
            EnsureOpen();
            await SaveNoticesOwedByReadAsync(ct);
            await _tx.CommitAsync(ct);
            _closed = true;
            await _gateway.AuditWriter.AppendReadDurablyAsync(Entry(Draft, _entryDecision ?? Decision), ct);
            foreach (var (draft, decision) in _extraEntries)
                await _gateway.AuditWriter.AppendReadDurablyAsync(Entry(draft, decision, related: false), ct);
            return result;
        }

        /// <summary>Runs a write: the work's changes, the entry and the commit in one transaction.</summary>
        public async Task<T> WriteAsync<T>(Func<Task<T>> work, CancellationToken ct)
        {
            EnsureOpen();
            var result = await work();
            await CommitWriteAsync(ct);
            return result;
        }

        public Task WriteAsync(Func<Task> work, CancellationToken ct) => WriteAsync(async () =>
        {
            await work();
            return true;
        }, ct);

        /// <summary>
        /// Creates one record with an id the server made (the new record's id from the target, or a fresh one). A replay
        /// of the request's <see cref="AccessRequest.Idempotency"/> token by the same user on the same form returns the
        /// first submit's record and changes nothing; the token is stored apart and never becomes an id.
        /// </summary>
        public async Task<Guid> CreateAsync(Func<Guid, Task> work, CancellationToken ct)
        {
            EnsureOpen();
            var db = _gateway.Db;
            var key = _request.Idempotency;
            if (key is not null)
            {
                var earlier = await db.IdempotencyKeys.AsNoTracking()
                    .Where(k => k.UserId == Actor.UserId && k.Form == key.Form && k.Token == key.Token).Select(k => (Guid?)k.RecordId).FirstOrDefaultAsync(ct);
                if (earlier is { } id)
                {
                    await _tx.RollbackAsync(ct);
                    _closed = true;
                    return id;
                }
            }

            var recordId = _request.Target is AccessTarget.NewRecord ? Record.Id : Guid.NewGuid();
            await work(recordId);
            if (key is not null)
                db.IdempotencyKeys.Add(new IdempotencyKeyRecord { UserId = Actor.UserId, Form = key.Form, Token = key.Token, RecordId = recordId, CreatedAt = _gateway.Clock.GetUtcNow().UtcDateTime });
            Draft = Draft with { ResourceId = recordId.ToString() };
            await CommitWriteAsync(ct);
            return recordId;
        }

        /// <summary>
        /// A read may owe notices (nödåtkomst). Two concurrent first reads can owe the same one: the notice's unique dedup key
        /// refuses the second insert, which means the other request has written it. EF's automatic savepoint keeps the
        /// transaction usable, so the duplicate is dropped and the read goes on, instead of failing the user's page.
        /// </summary>
        private async Task SaveNoticesOwedByReadAsync(CancellationToken ct)
        {
            var db = _gateway.Db;
            for (var attempt = 0; db.ChangeTracker.HasChanges(); attempt++)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (attempt < 8 && Data.UniqueViolation.Is(e) && e.Entries.Count > 0 && e.Entries.All(x => x.Entity is Notifications.Notification))
                {
                    foreach (var duplicate in e.Entries) duplicate.State = EntityState.Detached;
                }
            }
        }

        private async Task CommitWriteAsync(CancellationToken ct)
        {
            EnsureOpen();
            var db = _gateway.Db;
            await db.SaveChangesAsync(ct);
            await _gateway.AuditWriter.AppendAsync(db, Entry(Draft, _entryDecision ?? Decision), ct);
            foreach (var (draft, decision) in _extraEntries)
                await _gateway.AuditWriter.AppendAsync(db, Entry(draft, decision, related: false), ct);
            await _tx.CommitAsync(ct);
            _closed = true;
        }

        private Audit.AuditEntry Entry(AuditDraft draft, Decision? decision, bool related = true)
        {
            var ids = related && _related.Count > 0 ? _related.Distinct().ToList() : draft.RelatedIds;
            var ruleIds = decision?.RuleIds ?? _rowRules.ToList();
            return ToEntry(Actor, _request.Context, draft with { RelatedIds = ids }, "permit", ruleIds, decision?.LegalGround,
                decision?.PolicySetVersion ?? _gateway.Policies.Version);
        }

        private void EnsureOpen()
        {
            if (_closed) throw new InvalidOperationException("This grant is already completed or was refused.");
        }

        public async ValueTask DisposeAsync()
        {
            await _tx.DisposeAsync();
            if (!_closed) _gateway.Db.ChangeTracker.Clear();
        }
    }
}
