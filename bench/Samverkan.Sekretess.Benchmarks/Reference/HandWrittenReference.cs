// Hand-written C# reference for the ABAC benchmark, copied VERBATIM (logic unchanged) from
// shared/bench/abac/reference/Program.cs (the workload's own baseline, "hand-written C# reference
// (not a policy engine)"). Only the namespace, visibility modifiers and this header were added so it
// can be measured in the same BenchmarkDotNet run as the engine. Analyzer rules are suppressed
// because the code is kept as the original authors wrote it.
#pragma warning disable
using System.Text.Json;

namespace Samverkan.Sekretess.Benchmarks.Reference;

// ======================= model =======================
internal sealed class User { public string Org = "", Role = ""; public HashSet<string> AssignedCases = new(); public long Clearance; }
internal sealed class Case { public string Key = "", Type = "", Status = "", OwnerOrg = "", Subject = ""; public HashSet<string> ParticipatingOrgs = new(); public bool SubjectProtectedIdentity; }
internal sealed class Rec { public string Category = "", OriginOrg = ""; public Case Case = null!; }
internal sealed class Consent { public string Subject = ""; public HashSet<string> GrantedTo = new(), Categories = new(); public long ValidUntil; public bool Revoked; }
internal sealed class Req { public User P = null!; public string Act = ""; public Rec R = null!; public long Now; public bool Mfa, Urgent; public Consent? Consent; public string? RecipientOrg; }
internal sealed class Store { public Dictionary<string, User> Users = new(); public Dictionary<string, Case> Cases = new(); public Dictionary<string, Rec> Records = new(); public Dictionary<string, Consent> Consents = new(); }

internal static class Model
{
    public static string Key(JsonElement uid) => uid.GetProperty("type").GetString() + "::" + uid.GetProperty("id").GetString();
    public static string Ref(JsonElement v) => Key(v.GetProperty("__entity"));   // {"__entity":{"type","id"}} -> "Type::id"
    static HashSet<string> StrSet(JsonElement a) { var s = new HashSet<string>(); foreach (var x in a.EnumerateArray()) s.Add(x.GetString()!); return s; }

    public static Store Build(IEnumerable<JsonElement> entities)
    {
        var st = new Store();
        var records = new List<JsonElement>();
        foreach (var e in entities)
        {
            var uid = e.GetProperty("uid"); var type = uid.GetProperty("type").GetString(); var key = Key(uid); var a = e.GetProperty("attrs");
            switch (type)
            {
                case "User":
                    var u = new User { Org = a.GetProperty("org").GetString()!, Role = a.GetProperty("role").GetString()!, Clearance = a.GetProperty("clearance").GetInt64() };
                    foreach (var c in a.GetProperty("assignedCases").EnumerateArray()) u.AssignedCases.Add(Ref(c));
                    st.Users[key] = u; break;
                case "Case":
                    st.Cases[key] = new Case
                    {
                        Key = key, Type = a.GetProperty("type").GetString()!, Status = a.GetProperty("status").GetString()!,
                        OwnerOrg = a.GetProperty("ownerOrg").GetString()!, ParticipatingOrgs = StrSet(a.GetProperty("participatingOrgs")),
                        SubjectProtectedIdentity = a.GetProperty("subjectProtectedIdentity").GetBoolean(), Subject = Ref(a.GetProperty("subject")),
                    }; break;
                case "Consent":
                    st.Consents[key] = new Consent
                    {
                        Subject = Ref(a.GetProperty("subject")), GrantedTo = StrSet(a.GetProperty("grantedTo")), Categories = StrSet(a.GetProperty("categories")),
                        ValidUntil = a.GetProperty("validUntil").GetInt64(), Revoked = a.GetProperty("revoked").GetBoolean(),
                    }; break;
                case "Record": records.Add(e); break;
                // Person: no attributes, only compared by identity
            }
        }
        foreach (var e in records)
        {
            var a = e.GetProperty("attrs");
            st.Records[Key(e.GetProperty("uid"))] = new Rec { Category = a.GetProperty("category").GetString()!, OriginOrg = a.GetProperty("originOrg").GetString()!, Case = st.Cases[Ref(a.GetProperty("caseId"))] };
        }
        return st;
    }

    public static Req BuildRequest(JsonElement q, Store st)
    {
        var ctx = q.GetProperty("context");
        return new Req
        {
            P = st.Users[Key(q.GetProperty("principal"))],
            Act = q.GetProperty("action").GetProperty("id").GetString()!,
            R = st.Records[Key(q.GetProperty("resource"))],
            Now = ctx.GetProperty("now").GetInt64(),
            Mfa = ctx.GetProperty("mfa").GetBoolean(),
            Urgent = ctx.GetProperty("urgent").GetBoolean(),
            Consent = ctx.TryGetProperty("consent", out var c) ? st.Consents[Ref(c)] : null,
            RecipientOrg = ctx.TryGetProperty("recipientOrg", out var r) ? r.GetString() : null,
        };
    }
}

internal static class SliceJson
{
    // Per-request path: parse {request, entities:[slice]} and evaluate against the slice only.
    public static bool Decide(byte[] utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        var st = Model.Build(doc.RootElement.GetProperty("entities").EnumerateArray());
        return Rules.Decide(Model.BuildRequest(doc.RootElement.GetProperty("request"), st));
    }
}

internal static class Rules
{
    static bool Read(string a) => a == "read"; static bool Write(string a) => a == "write"; static bool Share(string a) => a == "share";
    static bool RWS(string a) => a is "read" or "write" or "share"; static bool RS(string a) => a is "read" or "share"; static bool WS(string a) => a is "write" or "share";
    static bool Assigned(Req q) => q.P.AssignedCases.Contains(q.R.Case.Key);
    static bool ConsentOk(Req q, string org) { var c = q.Consent; return c != null && c.Subject == q.R.Case.Subject && c.GrantedTo.Contains(org) && c.Categories.Contains(q.R.Category) && c.ValidUntil > q.Now && !c.Revoked; }

    public static readonly (string Id, Func<Req, bool> F)[] Permits =
    {
        ("P01_own_org_read_assigned", q => Read(q.Act) && q.P.Org == q.R.OriginOrg && Assigned(q)),
        ("P02_own_org_write_open_assigned", q => Write(q.Act) && q.P.Org == q.R.OriginOrg && Assigned(q) && q.R.Case.Status == "open"),
        ("P03_action_plan_all_assigned", q => Read(q.Act) && q.R.Category == "action_plan" && Assigned(q)),
        ("P04_sspf_meeting_notes_assigned", q => Read(q.Act) && q.R.Category == "meeting_notes" && q.R.Case.Type == "SSPF" && Assigned(q)),
        ("P05_contact_info_assigned", q => Read(q.Act) && q.R.Category == "contact_info" && Assigned(q)),
        ("P06_cross_org_read_with_consent", q => Read(q.Act) && q.P.Org != q.R.OriginOrg && Assigned(q) && ConsentOk(q, q.P.Org)),
        ("P07_share_with_consent", q => Share(q.Act) && q.P.Org == q.R.OriginOrg && Assigned(q) && q.RecipientOrg != null && q.RecipientOrg != q.P.Org && ConsentOk(q, q.RecipientOrg)),
        ("P08_share_action_plan_to_participants", q => Share(q.Act) && q.R.Category == "action_plan" && q.P.Org == q.R.OriginOrg && Assigned(q) && q.RecipientOrg != null && q.R.Case.ParticipatingOrgs.Contains(q.RecipientOrg)),
        ("P09_manager_read_own_org_cases", q => Read(q.Act) && q.P.Role == "enhetschef" && q.P.Org == q.R.Case.OwnerOrg && q.P.Org == q.R.OriginOrg),
        ("P10_dpo_audit_metadata", q => q.Act == "readAuditMeta" && q.P.Role == "dpo" && (q.R.OriginOrg == q.P.Org || q.R.Case.OwnerOrg == q.P.Org)),
        ("P11_manager_audit_metadata", q => q.Act == "readAuditMeta" && q.P.Role == "enhetschef" && q.R.Case.OwnerOrg == q.P.Org),
        ("P12_police_urgent_contact_info", q => Read(q.Act) && q.P.Org == "polis" && q.R.Category == "contact_info" && q.Urgent && q.P.Clearance >= 2),
    };
    public static readonly (string Id, Func<Req, bool> F)[] Forbids =
    {
        ("F01_police_intel_never_to_school", q => RWS(q.Act) && q.P.Org == "skola" && q.R.Category == "police_intel"),
        ("F02_police_intel_never_shared_to_school_or_leisure", q => Share(q.Act) && q.R.Category == "police_intel" && (q.RecipientOrg == "skola" || q.RecipientOrg == "fritid")),
        ("F03_protected_identity_contact_owner_only", q => RS(q.Act) && q.R.Category == "contact_info" && q.R.Case.SubjectProtectedIdentity && q.P.Org != q.R.Case.OwnerOrg),
        ("F04_protected_identity_no_share_contact", q => Share(q.Act) && q.R.Category == "contact_info" && q.R.Case.SubjectProtectedIdentity),
        ("F05_dpo_no_content", q => RWS(q.Act) && q.P.Role == "dpo"),
        ("F06_archived_case_locked", q => RWS(q.Act) && q.R.Case.Status == "archived" && !(q.P.Role == "enhetschef" && q.P.Org == q.R.Case.OwnerOrg && q.Act == "read")),
        ("F07_closed_case_read_only", q => WS(q.Act) && q.R.Case.Status == "closed"),
        ("F08_police_intel_clearance", q => RS(q.Act) && q.R.Category == "police_intel" && q.P.Clearance < 2),
        ("F09_social_investigation_external_clearance", q => Read(q.Act) && q.R.Category == "social_investigation" && q.P.Org != "socialtjanst" && q.P.Clearance < 2),
        ("F10_leisure_restricted_categories", q => Read(q.Act) && q.P.Org == "fritid" && q.R.Category is "social_investigation" or "school_health" or "police_intel"),
        ("F11_school_health_not_to_police", q => Read(q.Act) && q.P.Org == "polis" && q.R.Category == "school_health"),
        ("F12_avhopp_excludes_school_and_leisure", q => RWS(q.Act) && q.R.Case.Type == "AVHOPP" && q.P.Org is "skola" or "fritid"),
        ("F13_avhopp_contact_owner_only", q => RS(q.Act) && q.R.Case.Type == "AVHOPP" && q.R.Category == "contact_info" && q.P.Org != q.R.Case.OwnerOrg),
        ("F14_strong_auth_required", q => RWS(q.Act) && !q.Mfa),
        ("F15_share_to_leisure_limited", q => Share(q.Act) && q.RecipientOrg == "fritid" && q.R.Category is not ("action_plan" or "meeting_notes" or "contact_info")),
        ("F16_school_health_share_only_to_social", q => Share(q.Act) && q.R.Category == "school_health" && q.RecipientOrg != null && q.RecipientOrg != "socialtjanst"),
        ("F17_share_recipient_must_participate", q => Share(q.Act) && q.RecipientOrg != null && !q.R.Case.ParticipatingOrgs.Contains(q.RecipientOrg)),
        ("F18_share_requires_recipient", q => Share(q.Act) && q.RecipientOrg == null),
    };

    public static bool Decide(Req q)
    {
        foreach (var (_, f) in Forbids) if (f(q)) return false;   // any forbid wins
        foreach (var (_, f) in Permits) if (f(q)) return true;
        return false;                                             // default deny
    }

    public static (string, List<string>) Explain(Req q)
    {
        var f = Forbids.Where(x => x.F(q)).Select(x => x.Id).OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (f.Count > 0) return ("deny", f);
        var p = Permits.Where(x => x.F(q)).Select(x => x.Id).OrderBy(x => x, StringComparer.Ordinal).ToList();
        return p.Count > 0 ? ("allow", p) : ("deny", new List<string>());
    }
}
