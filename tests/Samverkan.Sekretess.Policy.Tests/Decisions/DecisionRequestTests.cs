using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Decisions;

public sealed class DecisionRequestTests
{
    private static readonly PolicySet Set = PolicySet.LoadDirectory(TestPaths.Policies);

    [Fact]
    public void Set_UnknownAttribute_Throws() =>
        Assert.Throws<ArgumentException>(() => Set.NewRequest().Set("subject.shoeSize", "42"));

    [Fact]
    public void Set_WrongType_Throws()
    {
        Assert.Throws<ArgumentException>(() => Set.NewRequest().Set("subject.mfa", "true"));
        Assert.Throws<ArgumentException>(() => Set.NewRequest().Set("case.participatingAuthorityIds", "sn"));
        Assert.Throws<ArgumentException>(() => Set.NewRequest().Set("subject.role", true));
        Assert.Throws<ArgumentException>(() => Set.NewRequest().Set("context.now", 5L));
    }

    [Fact]
    public void Set_CoreVocabulary_AllNamesAccepted()
    {
        var r = Set.NewRequest()
            .Set("action", "case.read").Set("subject.userId", "u1").Set("subject.authorityId", "sn")
            .Set("subject.authorityKind", "socialtjanst").Set("subject.role", "socialsekreterare").Set("subject.mfa", true)
            .Set("resource.type", "case").Set("resource.id", "c1").Set("resource.ownerAuthorityId", "sn").Set("resource.category", "S1")
            .Set("case.id", "c1").Set("case.type", "SSPF").Set("case.status", "oppen").Set("case.leadAuthorityId", "sn")
            .Set("case.participatingAuthorityIds", ["sn"]).Set("context.now", DateTimeOffset.UnixEpoch).Set("context.purpose", "x");

        Assert.True(r.IsSet("context.purpose"));
    }
}
