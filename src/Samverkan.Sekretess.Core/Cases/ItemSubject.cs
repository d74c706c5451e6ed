namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// A person an information item is about. Every item names at least the case's person; an item about the youth and a
/// parent names both, so that each one's consent counts for their own data and each one's access report lists it.
/// </summary>
internal sealed class ItemSubject
{
    public Guid ItemId { get; set; }
    public Guid PersonId { get; set; }
}
