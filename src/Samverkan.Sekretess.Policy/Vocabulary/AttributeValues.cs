using Samverkan.Sekretess.Policy.Compilation;

namespace Samverkan.Sekretess.Policy.Vocabulary;

/// <summary>
/// Sets request attributes from text (golden-case YAML, CLI JSON). Returns an error message instead
/// of throwing, so that bad input becomes a reported error and never a crash or a permit.
/// </summary>
internal static class AttributeValues
{
    public static string? TrySetText(DecisionRequest request, string name, string text)
    {
        if (!request.PolicySet.Vocabulary.TryGet(name, out var def)) return $"okänt attribut '{name}'";
        switch (def.Type)
        {
            case AttributeType.String:
                request.Set(name, text);
                return null;
            case AttributeType.Bool when text is "true" or "false":
                request.Set(name, text == "true");
                return null;
            case AttributeType.Int when ConditionCompiler.TryParseNumber(AttributeType.Int, text, out var n):
                request.Set(name, n);
                return null;
            case AttributeType.DateTime when ConditionCompiler.TryParseDateTime(text, out var dt):
                request.Set(name, dt);
                return null;
            default:
                return $"'{name}' är {def.Type.Name()}; '{text}' är inget sådant värde";
        }
    }

    public static string? TrySetBool(DecisionRequest request, string name, bool value) =>
        TypeOf(request, name) is var (type, error) && error is not null ? error
        : type == AttributeType.Bool ? Do(() => request.Set(name, value))
        : $"'{name}' är {type.Name()}, inte bool";

    public static string? TrySetInt(DecisionRequest request, string name, long value) =>
        TypeOf(request, name) is var (type, error) && error is not null ? error
        : type == AttributeType.Int ? Do(() => request.Set(name, value))
        : $"'{name}' är {type.Name()}, inte int";

    public static string? TrySetSet(DecisionRequest request, string name, IEnumerable<string> values) =>
        TypeOf(request, name) is var (type, error) && error is not null ? error
        : type == AttributeType.StringSet ? Do(() => request.Set(name, values))
        : $"'{name}' är {type.Name()}, inte set<string>";

    private static (AttributeType Type, string? Error) TypeOf(DecisionRequest request, string name) =>
        request.PolicySet.Vocabulary.TryGet(name, out var def) ? (def.Type, null) : (default, $"okänt attribut '{name}'");

    private static string? Do(Action set)
    {
        set();
        return null;
    }
}
