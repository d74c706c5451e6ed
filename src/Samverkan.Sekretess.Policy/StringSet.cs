namespace Samverkan.Sekretess.Policy;

/// <summary>
/// An immutable set&lt;string&gt; value that can be shared by many requests, e.g. a PIP's cached
/// "cases assigned to this user". Building it once and sharing it avoids copying the set into every
/// request (and keeps the decision loop's working set small).
/// </summary>
public sealed class StringSet
{
    /// <summary>Copies <paramref name="values"/>; order and duplicates carry no meaning.</summary>
    public StringSet(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values) Values.Add(v ?? throw new ArgumentException("En mängd får inte innehålla null.", nameof(values)));
    }

    /// <summary>Number of distinct values.</summary>
    public int Count => Values.Count;

    // INVARIANT: never mutated after construction, so sharing between requests and threads is safe.
    internal HashSet<string> Values { get; }
}
