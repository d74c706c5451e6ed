using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>
/// A case with something of every kind (items, plan entries, a consent, a disclosure, a request), and arguments for any
/// entry point synthesized from parameter names and types: an id parameter gets the id of a real record of its kind
/// (so a refusal is the policy's, not an unknown id's), other values are plausible form input.
/// </summary>
internal sealed class GuardWorld
{
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.OrdinalIgnoreCase);
    private string _personalNumber = "";
    private string _userId = "";

    public static async Task<GuardWorld> CreateAsync(CoreHost host)
    {
        await host.ResetAsync();
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad");
        var consent = await w.RecordConsentAsync(w.FullConsent());
        var disclosure = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
        var world = new GuardWorld();
        world._ids["caseId"] = w.Case.CaseId;
        world._ids["itemId"] = w.Case.SocialItemId;
        world._ids["resourceId"] = w.Case.SocialItemId;
        world._ids["entryId"] = w.Case.SocialPlanEntryId;
        world._ids["consentId"] = consent;
        world._ids["disclosureId"] = disclosure;
        world._ids["authorityId"] = w.Police;
        world._ids["toAuthorityId"] = w.Social;
        world._ids["recipientId"] = w.Police;
        world._ids["ownerAuthorityId"] = w.Social;
        await using (var db = host.NewDbContext())
        {
            world._ids["agreementId"] = await db.Agreements.Select(a => (Guid?)a.Id).FirstOrDefaultAsync() ?? Guid.NewGuid();
            world._userId = await db.Users.Where(u => u.UserName == "socialsekreterare").Select(u => u.Id).SingleAsync();
        }

        world._personalNumber = "20100505-9801";
        return world;
    }

    public object? Argument(ParameterInfo p) => Value(p.Name ?? "", p.ParameterType, nullable: IsNullable(p));

    private object? Value(string name, Type type, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Value(name, underlying, nullable: false);
        if (type == typeof(CancellationToken)) return CancellationToken.None;
        if (type == typeof(Guid)) return _ids.TryGetValue(name, out var id) ? id : Guid.NewGuid();
        if (type == typeof(string)) return StringFor(name);
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return name switch { "year" => 2026, "week" => 10, _ => 10 };
        if (type == typeof(long)) return 1L;
        if (type == typeof(DateOnly)) return DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        if (type == typeof(DateTime)) return DateTime.UtcNow.AddDays(7);
        if (type == typeof(TimeOnly)) return new TimeOnly(10, 0);
        if (type == typeof(byte[])) return "%PDF-1.4 x"u8.ToArray();
        if (type == typeof(Stream)) return new MemoryStream();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IProgress<>)) return null;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var g
            && (g == typeof(IReadOnlyList<>) || g == typeof(IReadOnlyCollection<>) || g == typeof(IEnumerable<>) || g == typeof(List<>)))
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()));
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>)))
            return Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()));
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsClass && type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault() is { } ctor)
            return ctor.Invoke(ctor.GetParameters().Select(Argument).ToArray());
        return nullable ? null : throw new InvalidOperationException($"No value for a parameter {name} of type {type.Name}: teach GuardWorld.");
    }

    private string StringFor(string name) => name switch
    {
        "resourceType" => "item",
        "personalNumber" or "PersonalNumber" => _personalNumber,
        "userId" or "assignedToUserId" => _userId,
        "period" => "2026-11",
        "path" => "/",
        "outcome" => "ok",
        "checkpointJson" => "{}",
        _ => "Text från ett formulär",
    };

    private static bool IsNullable(ParameterInfo p) =>
        Nullable.GetUnderlyingType(p.ParameterType) is not null || new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
}
