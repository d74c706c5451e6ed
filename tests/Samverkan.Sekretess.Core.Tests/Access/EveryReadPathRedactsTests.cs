using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>
/// Issue 24: a read path that forgot its decision's obligations would hand out what the policy said to redact. Every read
/// entry point of Core (each public method taking a <see cref="ProcessContext"/> whose name says it reads) is called with
/// the ids of a case whose item holds contact details that must be hidden from both callers: from its owner because the
/// person has protected identity and no second person approved showing them (ITEM-R-003), and from the police, to whom the
/// item was disclosed without them (ITEM-R-004). Whatever a method returns — serialized whole — must not contain them.
/// And a source scan keeps the places that decrypt contact details to a known list, each with why.
/// </summary>
public sealed class EveryReadPathRedactsTests(CoreHost host) : IClassFixture<CoreHost>
{
    private const string Contact = "Fiktivgatan 1";   // CaseWorld's social-services item
    private static readonly string[] ReadVerbs = ["Get", "List", "Search", "Read", "Find", "Preview", "Print", "Export", "Report", "Explain"];
    private static readonly JsonSerializerOptions Json = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles, MaxDepth = 64 };

    /// <summary>Every place in Core that touches an item's encrypted contact details, and why that place honours the decision.</summary>
    private static readonly Dictionary<string, string> Touching = new(StringComparer.Ordinal)
    {
        ["Cases/InformationItem.cs"] = "the entity",
        ["Cases/ItemWrites.cs"] = "writes what the owner typed; an editor from whom they are hidden keeps them unchanged",
        ["Cases/CaseReads.Rows.cs"] = "the case's item rows: each row's own read decision's redactions",
        ["Cases/CaseReads.cs"] = "the item for editing: the read grant's redactions",
        ["Disclosures/DisclosedContent.cs"] = "a record's content for a disclosure: the planner hides it where the discloser's read redacts; stored and shown only when ticked",
        ["Retention/ArchiveRecords.cs"] = "the archive package (arkivlagen): the whole record goes to the archive, decided by the RET-A-* rules",
        ["Protection/FieldReEncryption.cs"] = "re-encrypts under a new key; never returns the plaintext",
        ["Seeding/DatabaseInitializer.cs"] = "the demo's fictitious item",
    };

    public static TheoryData<string, string> ReadPaths()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in Methods())
            foreach (var persona in new[] { "socialsekreterare", "kommunpolis" })
                data.Add(Key(method), persona);
        return data;
    }

    [Fact]
    public void TheReadPathsAreFound() => Assert.True(Methods().Count() > 25, "too few read entry points: " + Methods().Count());

    [Theory]
    [MemberData(nameof(ReadPaths))]
    public async Task ReadPath_ReturnsNothingTheDecisionSaidToRedact(string entryPoint, string persona)
    {
        var world = await World.GetAsync(host);
        var method = Methods().Single(m => Key(m) == entryPoint);
        var context = await host.AsAsync(persona) with { Mfa = true };

        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService(method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(ProcessContext) ? context : world.Guard.Argument(p)).ToArray();
        var (result, _) = await InvokeAsync(service, method, arguments);

        var text = result is null ? "" : result as string ?? JsonSerializer.Serialize(result, result.GetType(), Json);
        Assert.DoesNotContain(Contact, text, StringComparison.Ordinal);
    }

    /// <summary>The scenario is real: both callers do read the item on the overview, redacted, so the theory above is not vacuous.</summary>
    [Theory]
    [InlineData("socialsekreterare", "ITEM-R-003")]
    [InlineData("kommunpolis", "ITEM-R-004")]
    public async Task Overview_BothCallersReadTheItem_Redacted(string persona, string rule)
    {
        var world = await World.GetAsync(host);
        await using var scope = host.Services.CreateAsyncScope();

        var details = await CoreHost.Get<CaseReads>(scope).GetCaseAsync(await host.AsAsync(persona) with { Mfa = true }, world.CaseId, CancellationToken.None);

        var item = Assert.Single(details.Items, i => i.Id == world.ItemId);
        Assert.Null(item.Contact);
        Assert.Contains(item.Why.Rules, r => r.RuleId == rule);
    }

    [Fact]
    public void ContactDetails_AreTouchedOnlyInTheKnownPlaces()
    {
        var root = Path.Combine(Path.GetDirectoryName(PolicyProvider.ResolveDirectory("policies"))!, "src", "Samverkan.Sekretess.Core");
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("Data/Migrations/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(root, f)).Contains("ContactCipher", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Touching.Keys.Order(StringComparer.Ordinal), found);
    }

    private static IEnumerable<MethodInfo> Methods() =>
        typeof(AccessGateway).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.DeclaringType != typeof(ProcessContext) && m.GetParameters().Any(p => p.ParameterType == typeof(ProcessContext)))
            .Where(m => ReadVerbs.Any(v => m.Name.StartsWith(v, StringComparison.Ordinal)))
            .OrderBy(Key, StringComparer.Ordinal);

    private static string Key(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    /// <summary>The method's result, or null when it refused (a refusal returns nothing, so it cannot leak here).</summary>
    private static async Task<(object? Result, Exception? Error)> InvokeAsync(object service, MethodInfo method, object?[] arguments)
    {
        try
        {
            var result = method.Invoke(service, arguments);
            switch (result)
            {
                case Task task:
                    await task;
                    return (task.GetType().GetProperty("Result")?.GetValue(task) is var r && r?.GetType().Name != "VoidTaskResult" ? r : null, null);
                case ValueTask valueTask:
                    await valueTask;
                    return (null, null);
                default:
                    return (result, null);
            }
        }
        catch (Exception e) when (e is TargetInvocationException or AccessDeniedException or InvalidOperationException or ArgumentException
                                      or KeyNotFoundException or DbUpdateException or FormatException or NotSupportedException)
        {
            return (null, e);
        }
    }

    /// <summary>One case for the whole class: the item disclosed to the police without contact details, then the person protected.</summary>
    private sealed class World
    {
        private static readonly SemaphoreSlim Lock = new(1, 1);
        private static World? _world;

        public required GuardWorld Guard { get; init; }
        public required Guid CaseId { get; init; }
        public required Guid ItemId { get; init; }

        public static async Task<World> GetAsync(CoreHost host)
        {
            await Lock.WaitAsync();
            try
            {
                if (_world is not null) return _world;
                var guard = await GuardWorld.CreateAsync(host);   // discloses the social item to the police on consent, contact not ticked
                await using (var db = host.NewDbContext())
                {
                    await db.Persons.ExecuteUpdateAsync(p => p.SetProperty(x => x.SkyddadFolkbokforing, true));
                    var item = await db.InformationItems.Where(i => i.ContactCipher != null).SingleAsync();
                    return _world = new World { Guard = guard, CaseId = item.CaseId, ItemId = item.Id };
                }
            }
            finally
            {
                Lock.Release();
            }
        }
    }
}
