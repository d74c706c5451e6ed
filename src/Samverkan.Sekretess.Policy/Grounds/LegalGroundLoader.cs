using Samverkan.Sekretess.Policy.Compilation;
using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Grounds;

/// <summary>Reads and validates <c>legal-grounds.yaml</c>.</summary>
internal static class LegalGroundLoader
{
    private static readonly string[] Keys =
    [
        "title", "provision", "disclosers", "recipients", "requiredAttributes", "anteckning",
        "consentCanRelease", "validFrom", "validTo", "confidence", "description",
    ];

    public static Dictionary<string, LegalGround> Load(YamlFile file, AttributeVocabulary vocabulary)
    {
        var result = new Dictionary<string, LegalGround>(StringComparer.Ordinal);
        file.CheckKeys(file.Root, "grounds", "partyKinds");
        var kinds = PartyKinds(file);
        if (YamlFile.Get(file.Root, "grounds") is not YamlMappingNode grounds)
        {
            file.Error(file.Root, "'grounds' saknas eller är inte en mappning");
            return result;
        }

        foreach (var (keyNode, valueNode) in grounds.Children)
        {
            var key = YamlFile.KeyText(keyNode);
            if (valueNode is not YamlMappingNode g)
            {
                file.Error(valueNode, $"grunden '{key}' måste vara en mappning");
                continue;
            }

            file.CheckKeys(g, Keys);
            var disclosers = PartyList(file, g, "disclosers", kinds);
            var recipients = PartyList(file, g, "recipients", kinds);
            var required = file.ScalarList(g, "requiredAttributes", required: false)?.Select(a =>
            {
                if (!vocabulary.TryGet(a.Value, out _)) file.Error(a.Node, $"okänt attribut '{a.Value}' i requiredAttributes");
                return a.Value;
            }).ToList() ?? [];
            var confidence = file.Scalar(g, "confidence", required: true) ?? "U";
            if (confidence is not ("V" or "K" or "U")) file.Error(g, $"'confidence' måste vara V, K eller U, inte '{confidence}'");
            var from = Date(file, g, "validFrom");
            var to = Date(file, g, "validTo");
            if (from is not null && to is not null && to < from) file.Error(g, "'validTo' ligger före 'validFrom'");

            result[key] = new LegalGround(
                key,
                file.Scalar(g, "title", required: true) ?? "",
                file.Scalar(g, "provision", required: true) ?? "",
                disclosers,
                recipients,
                required,
                Bool(file, g, "anteckning"),
                Bool(file, g, "consentCanRelease"),
                from,
                to,
                confidence,
                file.Scalar(g, "description", required: false) ?? "");
        }

        return result;
    }

    private static HashSet<string>? PartyKinds(YamlFile file) =>
        file.ScalarList(file.Root, "partyKinds", required: false)?.Select(k => k.Value).ToHashSet(StringComparer.Ordinal);

    private static List<string> PartyList(YamlFile file, YamlMappingNode g, string key, HashSet<string>? kinds)
    {
        var list = file.ScalarList(g, key, required: true) ?? [];
        foreach (var (value, node) in list.Where(p => kinds is not null && !kinds.Contains(p.Value)))
            file.Error(node, $"okänd partstyp '{value}' i '{key}' (tillåtna: {string.Join(", ", kinds!)})");
        return [.. list.Select(p => p.Value)];
    }

    private static bool Bool(YamlFile file, YamlMappingNode g, string key)
    {
        var text = file.Scalar(g, key, required: true);
        if (text is "true" or "false") return text == "true";
        if (text is not null) file.Error(g, $"'{key}' måste vara true eller false");
        return false;
    }

    private static DateOnly? Date(YamlFile file, YamlMappingNode g, string key)
    {
        var text = file.Scalar(g, key, required: false);
        if (text is null) return null;
        if (ConditionCompiler.TryParseDateTime(text, out var dt)) return DateOnly.FromDateTime(dt.UtcDateTime);
        file.Error(g, $"'{key}' måste vara ett datum (ÅÅÅÅ-MM-DD), inte '{text}'");
        return null;
    }
}
