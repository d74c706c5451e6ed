namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Interns every string literal of the policy set to a small integer, so that "attribute == literal"
/// is an int comparison at decision time. Request values are looked up once, when they are set.
/// </summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Intern(string value)
    {
        if (!_ids.TryGetValue(value, out var id))
        {
            id = _ids.Count;
            _ids.Add(value, id);
        }

        return id;
    }

    public int Count => _ids.Count;

    public IReadOnlyDictionary<string, int> Freeze() => _ids.ToDictionary(StringComparer.Ordinal);
}
