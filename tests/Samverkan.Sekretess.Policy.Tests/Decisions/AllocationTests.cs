using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Decisions;

/// <summary>Guards the benchmark claim: after warm-up a decision allocates nothing.</summary>
public sealed class AllocationTests
{
    private static readonly PolicySet Set = PolicySet.LoadDirectory(TestPaths.Policies);

    private static long AllocatedBy(Action action)
    {
        action();   // warm: JIT, decision cache
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Decide_DefaultDeny_AllocatesNothing()
    {
        var r = Set.NewRequest().Set("action", "item.read").Set("subject.authorityId", "un")
            .Set("subject.role", "skolkurator").Set("resource.ownerAuthorityId", "sn").Set("case.participatingAuthorityIds", ["un"]);

        Assert.Equal(0, AllocatedBy(() => PolicyDecisionPoint.Decide(r, Set)));
    }

    [Fact]
    public void Decide_PermitAndForbid_AllocateNothingAfterWarmUp()
    {
        var permit = Set.NewRequest().Set("action", "item.read").Set("subject.authorityId", "un")
            .Set("subject.role", "skolkurator").Set("resource.ownerAuthorityId", "un").Set("case.participatingAuthorityIds", ["un"]);
        var forbid = Set.NewRequest().Set("action", "item.read").Set("subject.authorityId", "un")
            .Set("subject.role", "dataskyddsombud").Set("resource.ownerAuthorityId", "un").Set("case.participatingAuthorityIds", ["un"]);

        Assert.Equal(0, AllocatedBy(() => PolicyDecisionPoint.Decide(permit, Set)));
        Assert.Equal(0, AllocatedBy(() => PolicyDecisionPoint.Decide(forbid, Set)));
    }
}
