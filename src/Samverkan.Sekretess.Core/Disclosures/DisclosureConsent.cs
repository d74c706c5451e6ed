namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// One of the consents a disclosure rests on: a disclosure of an item about several persons rests on one consent from
/// each. Withdrawing or the lapse of any of them ends the share.
/// </summary>
internal sealed class DisclosureConsent
{
    public Guid DisclosureId { get; set; }
    public Guid ConsentId { get; set; }
}
