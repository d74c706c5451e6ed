using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// What a disclosure of one record shows the recipient, and nothing else. The discloser's preview, the stored disclosure
/// and the recipient's page and API are all made from this one value, by <see cref="Of"/>: contact and location
/// details are in it only when the discloser ticked them. An action-plan entry's status is listed as following later
/// changes (the plan is joint work); an item's text is what was disclosed, and a later edit needs a new disclosure.
/// </summary>
public sealed record DisclosedContent(string RecordType, string Category, string Title, string Text, string? Contact,
    string? What = null, string? Responsible = null, DateOnly? DueDate = null)
{
    /// <summary>The labelled fields, in the order the preview lists them (Swedish labels for the page).</summary>
    public IReadOnlyList<(string Label, string Value)> Fields => RecordType == ResourceTypes.ActionPlan
        ? [("Åtgärd", What ?? ""), ("Ansvarig", Responsible ?? ""), ("Senast", DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
            ("Status", "visas som den är, även när den ändras")]
        : Contact is null
            ? [("Kategori", Category), ("Rubrik", Title), ("Text", Text)]
            : [("Kategori", Category), ("Rubrik", Title), ("Text", Text), ("Kontakt- och platsuppgifter", Contact)];

    /// <summary>The one rendering: the record's content as the recipient may see it.</summary>
    internal static DisclosedContent Of(RecordContent record, bool includeContact) => record.RecordType == ResourceTypes.ActionPlan
        ? new DisclosedContent(record.RecordType, record.Category, "Åtagande i åtgärdsplanen",
            $"{record.What} — ansvarig: {record.Responsible}, senast {record.DueDate:yyyy-MM-dd}", null, record.What, record.Responsible, record.DueDate)
        : new DisclosedContent(record.RecordType, record.Category, record.Title, record.Text, includeContact ? record.Contact : null);

    internal string Protect(FieldProtector fields) => fields.Protect(JsonSerializer.Serialize(this));

    internal static DisclosedContent Unprotect(FieldProtector fields, string cipher) =>
        JsonSerializer.Deserialize<DisclosedContent>(fields.Unprotect(cipher)) ?? throw new InvalidOperationException("A disclosure's content could not be read.");
}

/// <summary>A record's full content as its owner holds it (decrypted), the input of <see cref="DisclosedContent.Of"/>.</summary>
internal sealed record RecordContent(string RecordType, string Category, string Title, string Text, string? Contact,
    string? What = null, string? Responsible = null, DateOnly? DueDate = null)
{
    public bool HasContact => Contact is not null;

    /// <summary>Reads and decrypts a record's content; only inside a grant that permitted reading it. Null for a record that is gone (thinned).</summary>
    public static async Task<RecordContent?> ReadAsync(SekretessDbContext db, FieldProtector fields, RecordRef record, CancellationToken ct)
    {
        if (record.Type == ResourceTypes.ActionPlan)
        {
            var e = await db.ActionPlanEntries.AsNoTracking().Where(x => x.Id == record.Id).Select(x => new { x.WhatCipher, x.ResponsibleCipher, x.DueDate }).FirstOrDefaultAsync(ct);
            return e is null ? null
                : new RecordContent(record.Type, Cases.ItemCategories.ActionPlan, "", "", null, fields.Unprotect(e.WhatCipher), fields.Unprotect(e.ResponsibleCipher), e.DueDate);
        }

        var i = await db.InformationItems.AsNoTracking().Where(x => x.Id == record.Id).Select(x => new { x.Category, x.TitleCipher, x.TextCipher, x.ContactCipher }).FirstOrDefaultAsync(ct);
        return i is null ? null : new RecordContent(record.Type, i.Category, fields.Unprotect(i.TitleCipher), fields.Unprotect(i.TextCipher),
            i.ContactCipher is null ? null : fields.Unprotect(i.ContactCipher));
    }
}
