using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Persons;

/// <summary>
/// Finds a person by personnummer through the keyed blind index, or adds them. Called only inside a grant's work (a case
/// being opened, an item naming a further person), so the lookup itself is part of an audited access.
/// </summary>
internal static class PersonRegistry
{
    public static async Task<Guid> FindOrAddAsync(SekretessDbContext db, FieldProtector fields, PersonalNumberIndexer indexer,
        PersonalIdentityNumber pin, string name, CancellationToken ct)
    {
        var index = indexer.Index(pin.Normalized);
        var existing = await db.Persons.Where(p => p.PersonalNumberIndex == index).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct)
            ?? db.Persons.Local.Where(p => p.PersonalNumberIndex == index).Select(p => (Guid?)p.Id).FirstOrDefault();
        if (existing is { } id) return id;
        var person = new Person
        {
            Id = Guid.NewGuid(), PersonalNumberIndex = index, PersonalNumberCipher = fields.Protect(pin.ToString()),
            NameCipher = fields.Protect(name), BirthYear = pin.BirthDate.Year,
        };
        db.Persons.Add(person);
        return person.Id;
    }
}
