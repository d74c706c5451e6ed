using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// Items in the caller's own authority's part of a case. The owner is always the caller's authority and the id is the
/// server's, never a form field; every item names the persons it is about.
/// </summary>
public sealed class ItemWrites
{
    internal const int MaxTitle = 200;
    internal const int MaxText = 20_000;
    internal const int MaxContact = 500;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly TimeProvider _clock;

    internal ItemWrites(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, PersonalNumberIndexer indexer, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _indexer = indexer;
        _clock = clock;
    }

    public async Task<Guid> AddItemAsync(ProcessContext context, Guid caseId, AddItemCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The further persons must already be persons of the case; an id the form invented makes the target unknown (404, audited).
        var target = new AccessTarget.NewRecord(caseId, ResourceTypes.Item, command.Category ?? "", command.OtherSubjectIds ?? []);
        var request = AccessRequest.Write(context, Actions.ItemCreate, target) with { Idempotency = IdempotencyOf(Actions.ItemCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async itemId =>
        {
            var actor = grant.Actor;
            if (!ItemCategories.ForOwnerKind(actor.AuthorityKind).Any(c => c.Code == command.Category))
                throw new InvalidCommandException("Välj en kategori som din myndighet äger.");
            var (title, text, contact) = Validate(command.Title, command.Text, command.Contact);
            if (command.DocumentType is { } type && !Retention.DocumentTypes.All.Contains(type))
                throw new InvalidCommandException("Okänd handlingstyp.");
            var subjects = grant.Record.DataSubjectIds.ToList();
            if (command.NewSubject is { } added) subjects.Add(await AddPersonAsync(added, ct));

            _db.InformationItems.Add(new InformationItem
            {
                Id = itemId, CaseId = caseId, OwnerAuthorityId = actor.AuthorityId, Category = command.Category!,
                TitleCipher = _fields.Protect(title), TextCipher = _fields.Protect(text), ContactCipher = contact is null ? null : _fields.Protect(contact),
                DocumentType = command.DocumentType, CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = actor.UserId,
            });
            _db.ItemSubjects.AddRange(subjects.Distinct().Select(p => new ItemSubject { ItemId = itemId, PersonId = p }));
            grant.Draft = grant.Draft with { ResourceAuthorityId = actor.AuthorityId };
            grant.Touch(itemId);
        }, ct);
    }

    /// <summary>Edits an item; a stale <see cref="UpdateItemCommand.ConcurrencyStamp"/> is refused and nothing is overwritten.</summary>
    public async Task UpdateItemAsync(ProcessContext context, Guid itemId, UpdateItemCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.ItemUpdate, new AccessTarget.Record(RecordRef.Item(itemId))), ct);
        await grant.WriteAsync(async () =>
        {
            var item = await _db.InformationItems.SingleAsync(i => i.Id == itemId, ct);
            var (title, text, contact) = Validate(command.Title, command.Text, command.Contact);
            if (item.ConcurrencyStamp != command.ConcurrencyStamp) throw new ConcurrencyConflictException();
            item.TitleCipher = _fields.Protect(title);
            item.TextCipher = _fields.Protect(text);
            // An editor from whom the contact details are hidden never saw them: saving must not erase them.
            if (!command.KeepContact) item.ContactCipher = contact is null ? null : _fields.Protect(contact);
            item.UpdatedAt = _clock.GetUtcNow().UtcDateTime;
            item.UpdatedByUserId = grant.Actor.UserId;
            item.ConcurrencyStamp = Guid.NewGuid();
            try
            {
                await _db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException e)
            {
                throw new ConcurrencyConflictException("Någon annan har ändrat uppgiften medan du redigerade. Ladda om sidan och gör om ändringen.", e);
            }
        }, ct);
    }

    /// <summary>The double-submit token of a form, scoped by the gateway to the user and this form.</summary>
    internal static IdempotencyKey? IdempotencyOf(PolicyAction form, Guid? token) => token is { } t ? new IdempotencyKey(form.Name, t) : null;

    private async Task<Guid> AddPersonAsync(NewPersonCommand person, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        if (!PersonalIdentityNumber.TryParse(person.PersonalNumber, today, out var pin, out var error))
            throw new InvalidCommandException(error);
        var name = (person.Name ?? "").Trim();
        if (name.Length is 0 or > 200) throw new InvalidCommandException("Ange namnet på personen som uppgiften också gäller (högst 200 tecken).");
        return await PersonRegistry.FindOrAddAsync(_db, _fields, _indexer, pin, name, ct);
    }

    private static (string Title, string Text, string? Contact) Validate(string? title, string? text, string? contact)
    {
        var t = (title ?? "").Trim();
        var x = (text ?? "").Trim();
        var k = string.IsNullOrWhiteSpace(contact) ? null : contact.Trim();
        if (t.Length is 0 or > MaxTitle) throw new InvalidCommandException($"Ange en rubrik (högst {MaxTitle} tecken).");
        if (x.Length is 0 or > MaxText) throw new InvalidCommandException($"Ange en text (högst {MaxText} tecken).");
        if (k is { Length: > MaxContact }) throw new InvalidCommandException($"Kontaktuppgifterna får vara högst {MaxContact} tecken.");
        return (t, x, k);
    }
}
