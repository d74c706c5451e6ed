namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// A form's double-submit token and the record its first submit created, scoped to (user, form). Kept apart from the
/// records so that a token never becomes an id and a token chosen by one user says nothing about another's records.
/// </summary>
internal sealed class IdempotencyKeyRecord
{
    public string UserId { get; set; } = "";
    public string Form { get; set; } = "";
    public Guid Token { get; set; }
    public Guid RecordId { get; set; }
    public DateTime CreatedAt { get; set; }
}
