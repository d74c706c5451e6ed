namespace Samverkan.Sekretess.Core.Cases;

/// <summary>An authority taking part in a case. Participation alone never reveals another party's items.</summary>
internal sealed class CaseParticipant
{
    public Guid CaseId { get; set; }
    public Guid AuthorityId { get; set; }
}
