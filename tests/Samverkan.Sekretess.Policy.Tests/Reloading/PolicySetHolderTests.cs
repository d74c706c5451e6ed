using Samverkan.Sekretess.Policy.Reloading;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Reloading;

public sealed class PolicySetHolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("samverkan-reload-").FullName;

    public PolicySetHolderTests()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.Policies, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir, Path.GetRelativePath(TestPaths.Policies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string RuleFile => Path.Combine(_dir, "rules", "audit.policy.yaml");

    [Fact]
    public void TryReload_ValidChange_SwapsIn()
    {
        var holder = new PolicySetHolder(PolicySet.LoadDirectory(_dir));
        var before = holder.Current.Version;
        File.AppendAllText(RuleFile, "# en kommentar ändrar versionen\n");

        var result = holder.TryReload(_dir);

        Assert.Equal(ReloadOutcome.Swapped, result.Outcome);
        Assert.Equal(before, result.PreviousVersion);
        Assert.NotEqual(before, holder.Current.Version);
        Assert.Equal(holder.Current.Version, result.ActiveVersion);
    }

    [Fact]
    public void TryReload_InvalidPolicy_KeepsOldSetAndReportsFileLine()
    {
        var holder = new PolicySetHolder(PolicySet.LoadDirectory(_dir));
        var before = holder.Current;
        File.WriteAllText(RuleFile, File.ReadAllText(RuleFile).Replace("subject.role == dataskyddsombud", "subject.rol == dataskyddsombud", StringComparison.Ordinal));

        var result = holder.TryReload(_dir);

        Assert.Equal(ReloadOutcome.KeptPrevious, result.Outcome);
        Assert.Same(before, holder.Current);
        Assert.Contains(result.Errors, e => e.Contains("audit.policy.yaml:", StringComparison.Ordinal) && e.Contains("subject.rol", StringComparison.Ordinal));
    }

    [Fact]
    public void TryReload_ValidButGoldenCaseFails_KeepsOldSet()
    {
        var holder = new PolicySetHolder(PolicySet.LoadDirectory(_dir));
        var before = holder.Current;
        // Valid YAML and vocabulary, but now the DPO may not read the log: its golden case fails.
        File.WriteAllText(RuleFile, File.ReadAllText(RuleFile).Replace("subject.role == dataskyddsombud", "subject.role == systemforvaltare", StringComparison.Ordinal));

        var result = holder.TryReload(_dir);

        Assert.Equal(ReloadOutcome.KeptPrevious, result.Outcome);
        Assert.Same(before, holder.Current);
        Assert.Contains(result.Errors, e => e.Contains("Dataskyddsombudet läser loggens metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void TryReload_NothingChanged_IsUnchanged()
    {
        var holder = new PolicySetHolder(PolicySet.LoadDirectory(_dir));
        var before = holder.Current;

        var result = holder.TryReload(_dir);

        Assert.Equal(ReloadOutcome.Unchanged, result.Outcome);
        Assert.Same(before, holder.Current);
    }

    [Fact]
    public async Task TryReload_ConcurrentReadersAlwaysSeeACompleteSet()
    {
        var holder = new PolicySetHolder(PolicySet.LoadDirectory(_dir));
        using var cts = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var decisions = 0;
            while (!cts.IsCancellationRequested)
            {
                var set = holder.Current;
                var d = PolicyDecisionPoint.Decide(set.NewRequest().Set("action", "audit.read").Set("subject.role", "dataskyddsombud"), set);
                Assert.True(d.IsPermit);
                Assert.Equal(set.Version, d.PolicySetVersion);
                decisions++;
            }

            return decisions;
        });

        for (var i = 0; i < 5; i++)
        {
            File.AppendAllText(RuleFile, $"# ändring {i}\n");
            Assert.Equal(ReloadOutcome.Swapped, holder.TryReload(_dir).Outcome);
        }

        await cts.CancelAsync();
        Assert.True(await reader > 0);
    }
}
