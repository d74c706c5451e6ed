using Samverkan.Sekretess.Policy.Language;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Vocabulary;

/// <summary>Reads <c>schema/vocabulary.yaml</c>: attribute name → type, allowed values and a Swedish description.</summary>
internal static class VocabularyLoader
{
    public static AttributeVocabulary Load(YamlFile file)
    {
        file.CheckKeys(file.Root, "attributes", "obligations");
        var attributes = new List<AttributeDefinition>();
        if (YamlFile.Get(file.Root, "attributes") is not YamlMappingNode attrMap)
        {
            file.Error(file.Root, "'attributes' saknas eller är inte en mappning");
        }
        else
        {
            foreach (var (keyNode, valueNode) in attrMap.Children)
            {
                var name = YamlFile.KeyText(keyNode);
                if (!IsValidName(name)) file.Error(keyNode, $"ogiltigt attributnamn '{name}'");
                if (valueNode is not YamlMappingNode def)
                {
                    file.Error(valueNode, $"attributet '{name}' måste ha 'type' och 'description'");
                    continue;
                }

                file.CheckKeys(def, "type", "values", "description");
                var typeText = file.Scalar(def, "type", required: true);
                var description = file.Scalar(def, "description", required: true) ?? "";
                if (typeText is null) continue;
                if (!AttributeTypeNames.TryParse(typeText, out var type))
                {
                    file.Error(def, $"okänd typ '{typeText}' för '{name}' (string, bool, int, datetime, set<string>)");
                    continue;
                }

                List<string>? values = null;
                if (YamlFile.Get(def, "values") is { } valuesNode)
                {
                    values = file.ScalarList(valuesNode, "values")?.Select(v => v.Value).ToList();
                    if (type is not (AttributeType.String or AttributeType.StringSet))
                        file.Error(valuesNode, $"'values' gäller bara string och set<string>, inte {typeText}");
                }

                attributes.Add(new AttributeDefinition(name, type, attributes.Count, description, values));
            }
        }

        return new AttributeVocabulary(attributes, LoadObligations(file));
    }

    private static Dictionary<string, ObligationKind> LoadObligations(YamlFile file)
    {
        var result = new Dictionary<string, ObligationKind>(StringComparer.Ordinal);
        var node = YamlFile.Get(file.Root, "obligations");
        if (node is null) return result;
        if (node is not YamlMappingNode map)
        {
            file.Error(node, "'obligations' måste vara en mappning");
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = YamlFile.KeyText(keyNode);
            if (valueNode is not YamlMappingNode def)
            {
                file.Error(valueNode, $"skyldigheten '{name}' måste ha 'description'");
                continue;
            }

            file.CheckKeys(def, "argument", "description");
            var argument = file.Scalar(def, "argument", required: false);
            if (argument is not (null or "required" or "none"))
                file.Error(def, $"'argument' måste vara 'required' eller 'none', inte '{argument}'");
            result[name] = new ObligationKind(name, argument == "required", file.Scalar(def, "description", required: true) ?? "");
        }

        return result;
    }

    private static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_') && !name.EndsWith('.');
}
