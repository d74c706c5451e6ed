using System.Globalization;
using System.Security.Cryptography;
using Samverkan.Sekretess.Core.Cases;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>One gallringsklass of the plan: what happens to which documents of which kind of authority, and when.</summary>
internal sealed record ThinningClass(
    string Id, string Kind, IReadOnlyList<string> Documents, string Disposition, int Years, string From, string Rounding,
    string Deadline, bool ResearchSample, IReadOnlyList<string> ExemptDocumentTypes, string Basis)
{
    /// <summary>When the record may be thinned: anchor + years (rounded as the plan says), and the latest date the law allows.</summary>
    public (DateOnly EligibleAt, DateOnly? DueBy) Eligibility(DateOnly anchor)
    {
        var start = Rounding == RetentionPlan.EndOfYear ? new DateOnly(anchor.Year, 12, 31).AddDays(1) : anchor;
        var eligible = start.AddYears(Years);
        DateOnly? due = Deadline == RetentionPlan.EndOfFollowingYear ? new DateOnly(eligible.Year + 1, 12, 31) : null;
        return (eligible, due);
    }
}

/// <summary>
/// The dokumenthanteringsplan (policies/retention/plan.yaml) loaded and validated once. Legal facts — periods, anchors,
/// exemptions, the research sample, each authority's gallringsbeslut — are data here; the code only applies them.
/// An invalid file throws with file:line (the app does not start: fail closed). An authority with no decision and a
/// document with no class are never thinned.
/// </summary>
internal sealed class RetentionPlan
{
    public const string RelativePath = "retention/plan.yaml";
    public const string LastEntry = "last-entry";
    public const string CaseClosed = "case-closed";
    public const string EndOfYear = "end-of-year";
    public const string EndOfFollowingYear = "end-of-following-year";

    /// <summary>The plan's own document keys beside the item categories.</summary>
    public const string ConsentDocument = "samtycke";
    public const string DisclosureDocument = "utlamnande";
    public const string AnteckningDocument = "anteckning";

    private static readonly string[] Kinds = ["socialtjanst", "skola", "polis", "fritid", "halso_sjukvard", "other"];
    private static readonly string[] Froms = [LastEntry, CaseClosed];
    private static readonly string[] Roundings = ["none", EndOfYear];
    private static readonly string[] Deadlines = ["none", EndOfFollowingYear];

    public RetentionPlan(IReadOnlyList<ThinningClass> classes, IReadOnlyDictionary<string, string> decisions, IReadOnlySet<int> researchDays, string version)
    {
        Classes = classes;
        Decisions = decisions;
        ResearchSampleDays = researchDays;
        Version = version;
    }

    public IReadOnlyList<ThinningClass> Classes { get; }
    /// <summary>Authority code → gallringsbeslut reference.</summary>
    public IReadOnlyDictionary<string, string> Decisions { get; }
    public IReadOnlySet<int> ResearchSampleDays { get; }
    /// <summary>sha256 of the file, recorded on every run.</summary>
    public string Version { get; }

    public static IReadOnlyList<string> AllDocuments =>
        [.. ItemCategories.All.Select(c => c.Code), ItemCategories.ActionPlan, ConsentDocument, DisclosureDocument, AnteckningDocument];

    /// <summary>The class for a document of an authority kind, or null (then it is kept).</summary>
    public ThinningClass? ClassFor(string kind, string document) =>
        Classes.FirstOrDefault(c => c.Kind == kind && c.Documents.Contains(document));

    /// <summary>The research sample: born on one of the plan's days (the real birth date, so a samordningsnummer's day − 60).</summary>
    public bool InResearchSample(DateOnly birthDate) => ResearchSampleDays.Contains(birthDate.Day);

    public static RetentionPlan LoadFile(string path)
    {
        var name = "policies/" + RelativePath;
        if (!File.Exists(path)) throw new InvalidOperationException($"{name}: filen saknas (dokumenthanteringsplan för gallring).");
        var bytes = File.ReadAllBytes(path);
        var version = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(bytes));
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidOperationException($"{name}:{e.Start.Line}: ogiltig YAML: {e.Message}", e);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidOperationException($"{name}:1: ska vara en mappning med version, researchSample, decisions och classes.");
        var errors = new List<string>();
        void Error(YamlNode node, string message) => errors.Add($"{name}:{node.Start.Line}: {message}");

        foreach (var (k, _) in root.Children)
            if (((YamlScalarNode)k).Value is not ("version" or "researchSample" or "decisions" or "classes")) Error(k, $"okänt fält '{k}'");
        if (Scalar(root, "version") != "1") Error(root, "version ska vara 1");

        var days = new HashSet<int>();
        if (Child<YamlMappingNode>(root, "researchSample") is not { } sample || Child<YamlSequenceNode>(sample, "days") is not { } dayList)
            Error(root, "researchSample.days saknas");
        else
            foreach (var d in dayList.Children)
                if (d is YamlScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31) days.Add(day);
                else Error(d, $"dag i forskningsurvalet ska vara 1–31, inte '{d}'");

        var decisions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child<YamlMappingNode>(root, "decisions") is not { } decisionMap) Error(root, "decisions saknas");
        else
            foreach (var (k, v) in decisionMap.Children)
                if (v is YamlScalarNode { Value: { Length: > 0 } reference }) decisions[((YamlScalarNode)k).Value!] = reference;
                else Error(k, $"gallringsbeslut för '{k}' saknas");

        var classes = new List<ThinningClass>();
        if (Child<YamlSequenceNode>(root, "classes") is not { } list) Error(root, "classes saknas");
        else
            foreach (var node in list.Children)
                if (node is not YamlMappingNode map) Error(node, "en gallringsklass ska vara en mappning");
                else if (ParseClass(map, Error) is { } c) classes.Add(c);

        foreach (var dup in classes.GroupBy(c => c.Id).Where(g => g.Count() > 1)) errors.Add($"{name}: klass-id {dup.Key} finns flera gånger");
        foreach (var dup in classes.SelectMany(c => c.Documents.Select(d => (c.Kind, d))).GroupBy(x => x).Where(g => g.Count() > 1))
            errors.Add($"{name}: {dup.Key.d} för {dup.Key.Kind} finns i flera klasser");
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        return new RetentionPlan(classes, decisions, days, version);
    }

    private static ThinningClass? ParseClass(YamlMappingNode map, Action<YamlNode, string> error)
    {
        var known = new[] { "id", "kind", "documents", "disposition", "years", "from", "rounding", "deadline", "researchSample", "exemptDocumentTypes", "basis" };
        foreach (var (k, _) in map.Children)
            if (!known.Contains(((YamlScalarNode)k).Value)) error(k, $"okänt fält '{k}' i gallringsklass");
        var id = Scalar(map, "id");
        if (id is null) { error(map, "id saknas"); return null; }
        var kind = Scalar(map, "kind");
        if (kind is null || !Kinds.Contains(kind)) error(map, $"{id}: kind ska vara en av {string.Join(", ", Kinds)}");
        var documents = Strings(map, "documents");
        if (documents.Count == 0) error(map, $"{id}: documents saknas");
        foreach (var d in documents.Where(d => !AllDocuments.Contains(d))) error(map, $"{id}: okänt handlingsslag '{d}' (tillåtna: {string.Join(", ", AllDocuments)})");
        var disposition = Scalar(map, "disposition");
        if (disposition is not (Dispositions.Thin or Dispositions.Keep)) error(map, $"{id}: disposition ska vara gallra eller bevara");
        var yearsText = Scalar(map, "years");
        if (!int.TryParse(yearsText, NumberStyles.None, CultureInfo.InvariantCulture, out var years) || years is < 0 or > 200)
            error(map, $"{id}: years ska vara ett heltal 0–200");
        var from = Scalar(map, "from");
        if (from is null || !Froms.Contains(from)) error(map, $"{id}: from ska vara {string.Join(" eller ", Froms)}");
        var rounding = Scalar(map, "rounding") ?? "none";
        if (!Roundings.Contains(rounding)) error(map, $"{id}: rounding ska vara {string.Join(" eller ", Roundings)}");
        var deadline = Scalar(map, "deadline") ?? "none";
        if (!Deadlines.Contains(deadline)) error(map, $"{id}: deadline ska vara {string.Join(" eller ", Deadlines)}");
        var sample = Scalar(map, "researchSample");
        if (sample is not ("true" or "false")) error(map, $"{id}: researchSample ska vara true eller false");
        var exempt = Strings(map, "exemptDocumentTypes");
        foreach (var t in exempt.Where(t => !DocumentTypes.All.Contains(t))) error(map, $"{id}: okänd handlingstyp '{t}' (tillåtna: {string.Join(", ", DocumentTypes.All)})");
        var basis = Scalar(map, "basis");
        if (string.IsNullOrWhiteSpace(basis)) error(map, $"{id}: basis (lagrum eller beslut) saknas");
        return new ThinningClass(id, kind ?? "", documents, disposition ?? "", years, from ?? "", rounding, deadline, sample == "true", exempt, basis ?? "");
    }

    private static T? Child<T>(YamlMappingNode node, string key) where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as T : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child<YamlScalarNode>(node, key)?.Value;

    private static List<string> Strings(YamlMappingNode node, string key) =>
        Child<YamlSequenceNode>(node, key)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() ?? [];
}
