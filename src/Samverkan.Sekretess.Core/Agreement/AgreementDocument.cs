namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>
/// A document of the agreement: the signed agreement, the medborgarlöfte, the lägesbild, the åtgärdsplan,
/// a follow-up. Either an uploaded file (PDF, size-limited, checked by content) or a text.
/// These are the parties' public documents, not case content.
/// </summary>
internal sealed class AgreementDocument
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    /// <summary>One of <see cref="DocumentKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Text { get; set; }
    public string? FileName { get; set; }
    public string? ContentType { get; set; }
    public long SizeBytes { get; set; }
    public byte[]? Content { get; set; }
    /// <summary>SHA-256 of the content (hex), shown so a printed copy can be checked against the stored one.</summary>
    public string? Sha256 { get; set; }
    public DateTime UploadedAt { get; set; }
    public string UploadedByUserId { get; set; } = "";
    public Guid UploadedByAuthorityId { get; set; }
}

/// <summary>An activity of the agreement's åtgärdsplan (not a case action plan): area, owner, timeline, status, indicator.</summary>
internal sealed class AgreementActivity
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public string AreaCode { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid OwnerAuthorityId { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>One of <see cref="ActivityStatuses"/>.</summary>
    public string Status { get; set; } = ActivityStatuses.Planned;
    public string Indicator { get; set; } = "";
    public string Target { get; set; } = "";
    public string Outcome { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime? UpdatedAt { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
