using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Language;

/// <summary>
/// A parsed YAML file plus helpers that report shape errors with file:line. The representation
/// model is used (not object deserialisation) because it keeps line numbers for every node.
/// </summary>
internal sealed class YamlFile
{
    /// <summary>Policy files are small, human-written text; anything larger is a mistake or an attack.</summary>
    public const int MaxBytes = 1024 * 1024;

    private YamlFile(string name, YamlMappingNode root, ErrorSink errors)
    {
        Name = name;
        Root = root;
        Errors = errors;
    }

    public string Name { get; }

    public YamlMappingNode Root { get; }

    public ErrorSink Errors { get; }

    /// <summary>Parses <paramref name="text"/>; returns null (with an error recorded) if it is not a YAML mapping.</summary>
    public static YamlFile? Parse(string name, string text, ErrorSink errors)
    {
        if (text.Length > MaxBytes)
        {
            errors.Add(name, 1, $"filen är för stor ({text.Length} tecken, högst {MaxBytes})");
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add(name, (int)Math.Max(1, ex.Start.Line), $"ogiltig YAML: {FirstLine(ex.Message)}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // Found by fuzzing: YamlDotNet's scanner can throw these on malformed input instead of a YamlException.
            errors.Add(name, 1, $"ogiltig YAML: {FirstLine(ex.Message)}");
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(name, 1, "filen måste innehålla exakt ett YAML-dokument som är en mappning (nyckel: värde)");
            return null;
        }

        return new YamlFile(name, root, errors);
    }

    public void Error(YamlNode node, string message) => Errors.Add(Name, node, message);

    /// <summary>Reports keys that are not in <paramref name="allowed"/>: a typo must never be silently ignored.</summary>
    public void CheckKeys(YamlMappingNode map, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var k = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, k) < 0)
                Error(key, $"okänd nyckel '{k}' (tillåtna: {string.Join(", ", allowed)})");
        }
    }

    /// <summary>A mapping key as text; complex keys (<c>? [a]: b</c>) become "" and then fail key validation.</summary>
    public static string KeyText(YamlNode key) => (key as YamlScalarNode)?.Value ?? "";

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? Scalar(YamlMappingNode map, string key, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Error(map, $"'{key}' saknas");
            return null;
        }

        if (node is not YamlScalarNode s || s.Value is null || (s.Style == ScalarStyle.Plain && s.Value is "~" or "null"))
        {
            if (required || node is not YamlScalarNode) Error(node, $"'{key}' måste vara ett enkelt värde");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(s.Value)) Error(node, $"'{key}' får inte vara tom");
        return s.Value;
    }

    /// <summary>A list of scalars; a single scalar is accepted as a one-element list.</summary>
    public List<(string Value, YamlNode Node)>? ScalarList(YamlMappingNode map, string key, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Error(map, $"'{key}' saknas");
            return null;
        }

        return ScalarList(node, key);
    }

    public List<(string Value, YamlNode Node)>? ScalarList(YamlNode node, string what)
    {
        if (node is YamlScalarNode single && single.Value is not null)
            return [(single.Value, single)];
        if (node is not YamlSequenceNode seq)
        {
            Error(node, $"'{what}' måste vara en lista");
            return null;
        }

        var result = new List<(string, YamlNode)>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s && s.Value is not null) result.Add((s.Value, s));
            else Error(item, $"'{what}' får bara innehålla enkla värden");
        }

        return result;
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? message : message[..i].TrimEnd();
    }
}
