using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Labels;

/// <summary>Reads and validates <c>labels.yaml</c> against the closed vocabulary.</summary>
internal static class SecrecyLabelLoader
{
    private static readonly string[] DamageTests = ["omvant", "rakt", "kvalificerat", "none"];
    private static readonly string[] Protections = ["strong", "weak", "none"];

    public static SecrecyLabels Load(YamlFile file, AttributeVocabulary vocabulary)
    {
        file.CheckKeys(file.Root, "categories", "recipients", "owners");
        var provisions = Allowed(vocabulary, "resource.secrecyProvision");
        var categories = Allowed(vocabulary, "resource.category");
        var kinds = Allowed(vocabulary, "disclosure.recipientKind");

        var byCode = new Dictionary<string, CategoryLabel>(StringComparer.Ordinal);
        foreach (var (code, map) in Entries(file, "categories"))
        {
            file.CheckKeys(map, "ownerKind", "title", "provision", "damageTest", "protectsPublicInterest");
            if (!categories.Contains(code)) file.Error(map, $"okänd kategori '{code}' (se resource.category i vokabulären)");
            var provision = file.Scalar(map, "provision", required: true) ?? "";
            if (provision != "owner" && !provisions.Contains(provision)) file.Error(map, $"okänd sekretessbestämmelse '{provision}' (se resource.secrecyProvision)");
            var damage = file.Scalar(map, "damageTest", required: true) ?? "";
            if (!DamageTests.Contains(damage)) file.Error(map, $"'damageTest' måste vara en av {string.Join(", ", DamageTests)}");
            var publicInterest = file.Scalar(map, "protectsPublicInterest", required: true);
            if (publicInterest is not ("true" or "false")) file.Error(map, "'protectsPublicInterest' måste vara true eller false");
            byCode[code] = new CategoryLabel(code, file.Scalar(map, "ownerKind", required: true) ?? "", file.Scalar(map, "title", required: true) ?? "",
                provision, damage, publicInterest == "true");
        }

        var byKind = new Dictionary<string, RecipientRegime>(StringComparer.Ordinal);
        foreach (var (kind, map) in Entries(file, "recipients"))
        {
            file.CheckKeys(map, "label", "protection", "warning");
            if (!kinds.Contains(kind)) file.Error(map, $"okänt mottagarslag '{kind}' (se disclosure.recipientKind)");
            var protection = file.Scalar(map, "protection", required: true) ?? "";
            if (!Protections.Contains(protection)) file.Error(map, $"'protection' måste vara en av {string.Join(", ", Protections)}");
            byKind[kind] = new RecipientRegime(kind, file.Scalar(map, "label", required: true) ?? "", protection, file.Scalar(map, "warning", required: false) ?? "");
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlFile.Get(file.Root, "owners") is YamlMappingNode ownerMap)
        {
            foreach (var (key, value) in ownerMap.Children)
            {
                var kind = YamlFile.KeyText(key);
                var provision = (value as YamlScalarNode)?.Value ?? "";
                if (!kinds.Contains(kind)) file.Error(value, $"okänt myndighetsslag '{kind}' i 'owners'");
                if (!provisions.Contains(provision)) file.Error(value, $"okänd sekretessbestämmelse '{provision}' i 'owners'");
                owners[kind] = provision;
            }
        }

        return new SecrecyLabels(byCode, byKind, owners);
    }

    private static HashSet<string> Allowed(AttributeVocabulary vocabulary, string attribute) =>
        vocabulary.TryGet(attribute, out var a) && a.AllowedValues is not null ? [.. a.AllowedValues] : [];

    private static IEnumerable<(string Key, YamlMappingNode Map)> Entries(YamlFile file, string section)
    {
        if (YamlFile.Get(file.Root, section) is not YamlMappingNode map)
        {
            file.Error(file.Root, $"'{section}' saknas eller är inte en mappning");
            yield break;
        }

        foreach (var (key, value) in map.Children)
        {
            if (value is YamlMappingNode entry) yield return (YamlFile.KeyText(key), entry);
            else file.Error(value, $"'{YamlFile.KeyText(key)}' måste vara en mappning");
        }
    }
}
