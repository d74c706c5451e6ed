namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// A piece of case information owned by exactly one authority, under that authority's secrecy.
/// Title and text are free text and therefore encrypted at rest.
/// </summary>
internal sealed class InformationItem
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid OwnerAuthorityId { get; set; }
    /// <summary>Category code from the legal brief's policy matrix (S1, K1, P1 …), see <see cref="ItemCategories"/>.</summary>
    public string Category { get; set; } = "";
    public string TitleCipher { get; set; } = "";
    public string TextCipher { get; set; } = "";
    /// <summary>Optional contact or location details (address, phone, meeting place); suppressed for protected identities.</summary>
    public string? ContactCipher { get; set; }
    /// <summary>
    /// Optional document type (Retention.DocumentTypes: faderskapsutredning, adoptionsutredning, placering) for the
    /// document-management plan's exemptions; null for an ordinary item.
    /// </summary>
    public string? DocumentType { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedByUserId { get; set; }
    /// <summary>Optimistic concurrency token, replaced on every edit.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
