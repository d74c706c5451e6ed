namespace Samverkan.Sekretess.Policy.Vocabulary;

/// <summary>The closed set of attribute types a policy can reason about.</summary>
internal enum AttributeType
{
    String,
    Bool,
    Int,
    DateTime,
    StringSet,
}

internal static class AttributeTypeNames
{
    public static bool TryParse(string text, out AttributeType type)
    {
        switch (text)
        {
            case "string": type = AttributeType.String; return true;
            case "bool": type = AttributeType.Bool; return true;
            case "int": type = AttributeType.Int; return true;
            case "datetime": type = AttributeType.DateTime; return true;
            case "set<string>": type = AttributeType.StringSet; return true;
            default: type = default; return false;
        }
    }

    public static string Name(this AttributeType type) => type switch
    {
        AttributeType.String => "string",
        AttributeType.Bool => "bool",
        AttributeType.Int => "int",
        AttributeType.DateTime => "datetime",
        AttributeType.StringSet => "set<string>",
        _ => "?",
    };
}
