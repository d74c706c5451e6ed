namespace Samverkan.Sekretess.Core.Persons;

/// <summary>
/// A recorded vårdnadshavare of a child (FB 6 kap.). Consent for a child is checked against these records:
/// a guardian who is not recorded cannot consent, and the number recorded is the custodian count the age rules use.
/// </summary>
internal sealed class Guardian
{
    public Guid Id { get; set; }
    public Guid ChildPersonId { get; set; }
    public string NameCipher { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public string RecordedByUserId { get; set; } = "";
}
