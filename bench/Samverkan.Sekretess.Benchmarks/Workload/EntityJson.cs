using System.Text.Json;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Benchmarks.Workload;

/// <summary>
/// Maps one workload request and its entities (Cedar entity JSON) onto the flat benchmark
/// vocabulary: principal.*, resource.*, case.* (the record's case), consent.* (context.consent).
/// </summary>
public static class EntityJson
{
    public static string Key(JsonElement uid) => uid.GetProperty("type").GetString() + "::" + uid.GetProperty("id").GetString();

    private static string RefId(JsonElement value) => value.GetProperty("__entity").GetProperty("id").GetString()!;

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(x => x.GetString()!);

    /// <param name="sets">Optional cache of resolved set values by entity key, shared across requests,
    /// as a PIP would cache resolved entities (the reference shares its typed entity objects the same way).</param>
    public static DecisionRequest BuildRequest(PolicySet policies, JsonElement q, IReadOnlyDictionary<string, JsonElement> entities, Dictionary<string, StringSet>? sets = null)
    {
        StringSet Shared(string key, Func<IEnumerable<string>> values)
        {
            if (sets is null) return new StringSet(values());
            if (!sets.TryGetValue(key, out var set)) sets[key] = set = new StringSet(values());
            return set;
        }

        var r = policies.NewRequest();
        r.Set("action", q.GetProperty("action").GetProperty("id").GetString()!);

        var user = entities[Key(q.GetProperty("principal"))].GetProperty("attrs");
        r.Set("principal.org", user.GetProperty("org").GetString()!)
         .Set("principal.role", user.GetProperty("role").GetString()!)
         .Set("principal.clearance", user.GetProperty("clearance").GetInt64())
         .Set("principal.assignedCases", Shared(Key(q.GetProperty("principal")), () => user.GetProperty("assignedCases").EnumerateArray().Select(RefId)));

        var record = entities[Key(q.GetProperty("resource"))].GetProperty("attrs");
        var caseRef = record.GetProperty("caseId");
        r.Set("resource.category", record.GetProperty("category").GetString()!)
         .Set("resource.originOrg", record.GetProperty("originOrg").GetString()!)
         .Set("resource.caseId", RefId(caseRef));

        var @case = entities["Case::" + RefId(caseRef)].GetProperty("attrs");
        r.Set("case.type", @case.GetProperty("type").GetString()!)
         .Set("case.status", @case.GetProperty("status").GetString()!)
         .Set("case.ownerOrg", @case.GetProperty("ownerOrg").GetString()!)
         .Set("case.participatingOrgs", Shared("Case::" + RefId(caseRef), () => Strings(@case.GetProperty("participatingOrgs"))))
         .Set("case.subjectProtectedIdentity", @case.GetProperty("subjectProtectedIdentity").GetBoolean())
         .Set("case.subject", RefId(@case.GetProperty("subject")));

        var ctx = q.GetProperty("context");
        r.Set("context.now", ctx.GetProperty("now").GetInt64())
         .Set("context.mfa", ctx.GetProperty("mfa").GetBoolean())
         .Set("context.urgent", ctx.GetProperty("urgent").GetBoolean());
        if (ctx.TryGetProperty("recipientOrg", out var recipient)) r.Set("context.recipientOrg", recipient.GetString()!);

        // The PIP resolved exactly one consent into context.consent; the policy re-checks it (README 3.1).
        if (ctx.TryGetProperty("consent", out var consentRef))
        {
            var consentKey = "Consent::" + RefId(consentRef);
            var consent = entities[consentKey].GetProperty("attrs");
            r.Set("consent.subject", RefId(consent.GetProperty("subject")))
             .Set("consent.grantedTo", Shared(consentKey + "/grantedTo", () => Strings(consent.GetProperty("grantedTo"))))
             .Set("consent.categories", Shared(consentKey + "/categories", () => Strings(consent.GetProperty("categories"))))
             .Set("consent.validUntil", consent.GetProperty("validUntil").GetInt64())
             .Set("consent.revoked", consent.GetProperty("revoked").GetBoolean());
        }

        return r;
    }

    /// <summary>The per-request path: parse <c>{"request":…,"entities":[slice]}</c>, build the request, decide.</summary>
    public static Decision DecideSliceDocument(PolicySet policies, byte[] utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        var entities = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var e in doc.RootElement.GetProperty("entities").EnumerateArray())
            entities[Key(e.GetProperty("uid"))] = e;
        return PolicyDecisionPoint.Decide(BuildRequest(policies, doc.RootElement.GetProperty("request"), entities), policies);
    }
}
