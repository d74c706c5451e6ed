using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Case writes, each decided by the PDP and audited in the same transaction as the write.</summary>
public sealed class CaseWrites
{
    private const int MaxTitle = 200;
    private const int MaxText = 20_000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly TimeProvider _clock;

    internal CaseWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields,
        PersonalNumberIndexer indexer, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _indexer = indexer;
        _clock = clock;
    }

    /// <summary>Opens a case led by the caller's authority, for a person found by blind index or created.</summary>
    public async Task<Guid> OpenCaseAsync(ProcessContext context, OpenCaseCommand command, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("case.create", "case", ResourceAuthorityId: actor.IsKnown ? actor.AuthorityId : null);
        var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "case.create")
            .Set("resource.type", "case")
            .Set("resource.ownerAuthorityId", actor.AuthorityId.ToString()));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);

        if (!CaseTypes.All.Contains(command.Type)) throw new InvalidCommandException("Välj en ärendetyp.");
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        if (!PersonalIdentityNumber.TryParse(command.PersonalNumber, today, out var pin, out var error))
            throw new InvalidCommandException(error);
        var name = (command.PersonName ?? "").Trim();
        if (name.Length is 0 or > 200) throw new InvalidCommandException("Ange personens namn (högst 200 tecken).");

        await using var tx = await _gateway.BeginAsync(ct);
        var index = _indexer.Index(pin.Normalized);
        var personId = await _db.Persons.Where(p => p.PersonalNumberIndex == index).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (personId is null)
        {
            var person = new Person
            {
                Id = Guid.NewGuid(),
                PersonalNumberIndex = index,
                PersonalNumberCipher = _fields.Protect(pin.ToString()),
                NameCipher = _fields.Protect(name),
                BirthDate = pin.BirthDate,
            };
            _db.Persons.Add(person);
            personId = person.Id;
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        var prefix = $"{command.Type}-{now.Year.ToString(CultureInfo.InvariantCulture)}-";
        var count = await _db.Cases.CountAsync(c => c.Reference.StartsWith(prefix), ct);
        var newCase = new Case
        {
            Id = Guid.NewGuid(),
            Reference = prefix + (count + 1).ToString("D4", CultureInfo.InvariantCulture),
            Type = command.Type,
            Status = CaseStatuses.Open,
            LeadAuthorityId = actor.AuthorityId,
            SubjectPersonId = personId.Value,
            CreatedAt = now,
            CreatedByUserId = actor.UserId,
            // The lead authority is the only participant until another party joins on a recorded ground.
            Participants = [new CaseParticipant { AuthorityId = actor.AuthorityId }],
        };
        _db.Cases.Add(newCase);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { ResourceId = newCase.Id.ToString(), CaseId = newCase.Id, PersonId = personId }, decision, ct);
        await tx.CommitAsync(ct);
        return newCase.Id;
    }

    /// <summary>Adds an item owned by the caller's authority. The owner never comes from the form.</summary>
    public async Task<Guid> AddItemAsync(ProcessContext context, Guid caseId, AddItemCommand command, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("item.create", "item", CaseId: caseId);
        await using var tx = await _gateway.BeginAsync(ct);
        var attributes = await _resolver.ResolveCaseAsync(caseId, ct);
        if (attributes is null) throw await _gateway.DenyAsync(actor, context, draft, null, ct);

        draft = draft with { ResourceAuthorityId = actor.IsKnown ? actor.AuthorityId : null, PersonId = attributes.SubjectPersonId };
        var decision = _gateway.Decide(AccessGateway.DescribeCase(_gateway.NewRequest(actor, context, "item.create"), attributes)
            .Set("resource.type", "item")
            .Set("resource.ownerAuthorityId", actor.AuthorityId.ToString())
            .Set("resource.category", command.Category ?? ""));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);

        var title = (command.Title ?? "").Trim();
        var text = (command.Text ?? "").Trim();
        if (!ItemCategories.ForOwnerKind(actor.AuthorityKind).Any(c => c.Code == command.Category))
            throw new InvalidCommandException("Välj en kategori som din myndighet äger.");
        if (title.Length is 0 or > MaxTitle) throw new InvalidCommandException($"Ange en rubrik (högst {MaxTitle} tecken).");
        if (text.Length is 0 or > MaxText) throw new InvalidCommandException($"Ange en text (högst {MaxText} tecken).");

        var item = new InformationItem
        {
            Id = Guid.NewGuid(),
            CaseId = caseId,
            OwnerAuthorityId = actor.AuthorityId,
            Category = command.Category!,
            TitleCipher = _fields.Protect(title),
            TextCipher = _fields.Protect(text),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = actor.UserId,
        };
        _db.InformationItems.Add(item);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { ResourceId = item.Id.ToString(), RelatedIds = [item.Id] }, decision, ct);
        await tx.CommitAsync(ct);
        return item.Id;
    }
}
