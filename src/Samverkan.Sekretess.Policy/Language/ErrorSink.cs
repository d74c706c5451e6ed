using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Language;

/// <summary>Collects every validation error instead of stopping at the first.</summary>
internal sealed class ErrorSink
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string file, int line, string message) => _errors.Add(new PolicyError(file, line, message));

    public void Add(string file, YamlNode node, string message) => Add(file, Line(node), message);

    public static int Line(YamlNode node) => (int)Math.Max(1, node.Start.Line);

    public IReadOnlyList<PolicyError> Sorted() =>
        [.. _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Message, StringComparer.Ordinal)];
}
