using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Web.Pages.Audit;

namespace Samverkan.Sekretess.Web.Tests.Pages.Audit;

/// <summary>
/// The DPO's verification result carries the comparison with the newest checkpoint: an intact chain without one is not
/// reported as intact without qualification, and a deleted tail is a break at the first missing entry.
/// </summary>
public sealed class VerifyMessageTests
{
    private static string Message(AuditChainReport report) => VerifyModel.Message(new VerificationStatus(Guid.NewGuid(), 8, 8, true, report, null));

    [Fact]
    public void IntactChainWithoutACheckpoint_SaysThatADeletedTailCannotBeSeen()
    {
        var text = Message(new AuditChainReport(true, 8, null, null,
            Tail: new AuditTail(AuditTailState.NoCheckpoint, null, null, "VARNING: ingen kontrollpunkt att jämföra med — x. Om poster i slutet av loggen har tagits bort kan det inte upptäckas.")));

        Assert.StartsWith("Loggkedjan är obruten: 8 poster kontrollerade. VARNING: ingen kontrollpunkt att jämföra med", text, StringComparison.Ordinal);
        Assert.Contains("kan det inte upptäckas", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IntactChainBeyondACheckpoint_SaysUpToWhichCheckpointNothingIsMissing()
    {
        var text = Message(new AuditChainReport(true, 8, null, null,
            Tail: new AuditTail(AuditTailState.Confirmed, 6, DateTimeOffset.UnixEpoch, "Jämförd med den senaste signerade kontrollpunkten (post 6, …): inga poster fram till den saknas.")));

        Assert.Contains("Jämförd med den senaste signerade kontrollpunkten (post 6", text, StringComparison.Ordinal);
    }
}
