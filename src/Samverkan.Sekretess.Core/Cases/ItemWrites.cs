using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Items in the caller's own authority's part of a case. The owner is always the caller's authority, never a form field.</summary>
public sealed class ItemWrites
{
    internal const int MaxTitle = 200;
    internal const int MaxText = 20_000;
    internal const int MaxContact = 500;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal ItemWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
        _clock = clock;
    }

    public async Task<Guid> AddItemAsync(ProcessContext context, Guid caseId, AddItemCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var itemId = command.RequestId ?? Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, caseId, "item.create", "item",
            (r, c, actor) => r.DescribeItem(c, new ItemAttributes(itemId, actor.AuthorityId, actor.AuthorityKind, command.Category ?? "")), ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);
        var actor = grant.Actor;

        if (!ItemCategories.ForOwnerKind(actor.AuthorityKind).Any(c => c.Code == command.Category))
            throw new InvalidCommandException("Välj en kategori som din myndighet äger.");
        var (title, text, contact) = Validate(command.Title, command.Text, command.Contact);
        if (command.DocumentType is { } type && !Retention.DocumentTypes.All.Contains(type))
            throw new InvalidCommandException("Okänd handlingstyp.");
        var existing = await _db.InformationItems.Where(i => i.Id == itemId).Select(i => new { i.CaseId, i.OwnerAuthorityId }).FirstOrDefaultAsync(ct);
        if (IsReplay(existing?.CaseId, existing?.OwnerAuthorityId, caseId, actor.AuthorityId)) return itemId;

        var now = _clock.GetUtcNow().UtcDateTime;
        _db.InformationItems.Add(new InformationItem
        {
            Id = itemId, CaseId = caseId, OwnerAuthorityId = actor.AuthorityId, Category = command.Category!,
            TitleCipher = _fields.Protect(title), TextCipher = _fields.Protect(text), ContactCipher = contact is null ? null : _fields.Protect(contact),
            DocumentType = command.DocumentType, CreatedAt = now, CreatedByUserId = actor.UserId,
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context,
            grant.Draft with { ResourceType = "item", ResourceId = itemId.ToString(), ResourceAuthorityId = actor.AuthorityId, RelatedIds = [itemId] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return itemId;
    }

    /// <summary>Edits an item; a stale <see cref="UpdateItemCommand.ConcurrencyStamp"/> is refused and nothing is overwritten.</summary>
    public async Task UpdateItemAsync(ProcessContext context, Guid itemId, UpdateItemCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var resolved = await _resolver.ResolveItemAsync(itemId, ct);
        var grant = await _access.AuthorizeAsync(context, resolved?.CaseId ?? Guid.Empty, "item.update", "item",
            (r, c, _) => r.DescribeItem(c, resolved!.Value.Item), ct);
        var draft = grant.Draft with { ResourceType = "item", ResourceId = itemId.ToString(), ResourceAuthorityId = resolved!.Value.Item.OwnerAuthorityId, RelatedIds = [itemId] };
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, draft, grant.Decision, ct);
        var item = await _db.InformationItems.SingleAsync(i => i.Id == itemId, ct);

        var (title, text, contact) = Validate(command.Title, command.Text, command.Contact);
        if (item.ConcurrencyStamp != command.ConcurrencyStamp) throw new ConcurrencyConflictException();
        item.TitleCipher = _fields.Protect(title);
        item.TextCipher = _fields.Protect(text);
        item.ContactCipher = contact is null ? null : _fields.Protect(contact);
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

        await _gateway.AuditPermitAsync(grant.Actor, context, draft, grant.Decision, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A double submit of the same form carries the same request id: the first one was created and audited,
    /// the replay creates nothing. An id that belongs to something else is refused without saying whose.
    /// </summary>
    internal static bool IsReplay(Guid? existingCaseId, Guid? existingOwner, Guid caseId, Guid authorityId)
    {
        if (existingCaseId is null) return false;
        return existingCaseId == caseId && existingOwner == authorityId
            ? true
            : throw new InvalidCommandException("Formuläret kunde inte sparas. Ladda om sidan och försök igen.");
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
