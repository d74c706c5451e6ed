using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Policy.Reloading;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>Reloading policies: a broken set is refused and the old one stays; a valid change is swapped in; both are audited.</summary>
public sealed class PolicyReloadTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pol-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    public async ValueTask InitializeAsync()
    {
        await host.ResetAsync();
        var source = PolicyProvider.ResolveDirectory("policies");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = host.ConnectionString,
            ["Keys:AuditChainKey"] = TestKeys.AuditChainKey, ["Keys:BlindIndexKey"] = TestKeys.BlindIndexKey,
            ["Policies:Directory"] = _folder,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSekretessCore(configuration);
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reload_InvalidFile_KeepsTheOldSetAndAuditsTheRefusal()
    {
        var provider = _services!.GetRequiredService<PolicyProvider>();
        var before = provider.Current.Version;
        await File.WriteAllTextAsync(Path.Combine(_folder, "rules", "broken.policy.yaml"), "rules:\n  - id: X-1\n    effect: permit\n    actions: [item.read]\n    legalBasis: OWN\n    description: \"x\"\n    when: [ subject.shoeSize == 42 ]\n");

        var result = await _services!.GetRequiredService<PolicyReloadService>().ReloadAndAuditAsync(CancellationToken.None);

        Assert.Equal(ReloadOutcome.KeptPrevious, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("broken.policy.yaml:", StringComparison.Ordinal));
        Assert.Equal(before, provider.Current.Version);
        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "policy.reload");
        Assert.Equal("deny", entry.Decision);
        Assert.Equal(before, entry.PolicyVersion);
    }

    [Fact]
    public async Task Reload_ValidChange_SwapsTheSetAndAuditsTheNewVersion()
    {
        var provider = _services!.GetRequiredService<PolicyProvider>();
        var before = provider.Current.Version;
        var file = Path.Combine(_folder, "rules", "cases.policy.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Det ger bara ärendets ram", "Det ger endast ärendets ram", StringComparison.Ordinal));

        var result = await _services!.GetRequiredService<PolicyReloadService>().ReloadAndAuditAsync(CancellationToken.None);

        Assert.Equal(ReloadOutcome.Swapped, result.Outcome);
        Assert.NotEqual(before, provider.Current.Version);
        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "policy.reload");
        Assert.Equal("permit", entry.Decision);
        Assert.Equal(provider.Current.Version, entry.PolicyVersion);
    }
}
