namespace Samverkan.Sekretess.Policy.Vocabulary;

/// <summary>The closed attribute vocabulary and obligation kinds of one policy set.</summary>
internal sealed class AttributeVocabulary
{
    private readonly Dictionary<string, AttributeDefinition> _byName;

    public AttributeVocabulary(IReadOnlyList<AttributeDefinition> attributes, IReadOnlyDictionary<string, ObligationKind> obligations)
    {
        Attributes = attributes;
        Obligations = obligations;
        _byName = attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Namespaces = attributes
            .Select(a => a.Name)
            .Where(n => n.Contains('.', StringComparison.Ordinal))
            .Select(n => n[..n.IndexOf('.', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<AttributeDefinition> Attributes { get; }

    public IReadOnlyDictionary<string, ObligationKind> Obligations { get; }

    /// <summary>The prefixes before the first dot (subject, case, …), used to tell a misspelt attribute from a literal.</summary>
    public IReadOnlySet<string> Namespaces { get; }

    public int Count => Attributes.Count;

    public bool TryGet(string name, out AttributeDefinition definition) =>
        _byName.TryGetValue(name, out definition!);

    public bool LooksLikeAttribute(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Namespaces.Contains(token[..dot]);
    }
}

/// <summary>An obligation kind the PEP knows how to discharge; <see cref="ArgumentRequired"/> for e.g. redact:field.</summary>
internal sealed record ObligationKind(string Name, bool ArgumentRequired, string Description);
