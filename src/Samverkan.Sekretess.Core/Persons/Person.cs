namespace Samverkan.Sekretess.Core.Persons;

/// <summary>
/// A data subject. The personal identity number and the name are encrypted at rest
/// (<see cref="Protection.FieldProtector"/>); lookups use the keyed <see cref="PersonalNumberIndex"/>, whose key never
/// lives on the database host (SECURITY.md).
/// </summary>
internal sealed class Person
{
    public Guid Id { get; set; }
    public string PersonalNumberCipher { get; set; } = "";
    /// <summary>HMAC of the normalised 12-digit number under a key outside the database.</summary>
    public string PersonalNumberIndex { get; set; } = "";
    public string NameCipher { get; set; } = "";
    /// <summary>
    /// The birth year only. The exact date is never stored in clear: it is read from <see cref="PersonalNumberCipher"/>
    /// (<see cref="PersonBirth"/>), since in clear it would shrink a search of the blind index to a thousand HMACs per person.
    /// </summary>
    public int BirthYear { get; set; }
    public bool Sekretessmarkering { get; set; }
    public bool SkyddadFolkbokforing { get; set; }
    /// <summary>Fictional demo or test person; shown as such in the UI.</summary>
    public bool IsTestData { get; set; }
}
