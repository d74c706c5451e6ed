using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Persons;

namespace Samverkan.Sekretess.Core.Agreement.Lagesbild;

/// <summary>
/// Refuses free text that looks like it holds personal data: a valid personnummer or samordningsnummer
/// (checked with <see cref="PersonalIdentityNumber"/>, so an ordinary number is not refused) or a person's
/// name from the bundled lists of common Swedish first names and surnames. The lägesbild is about places
/// and events; a report about a person belongs in a case. This is a guard against mistakes, not against
/// someone set on getting round it. Messages never echo the text (no personal data in exceptions).
/// </summary>
public static partial class FreeTextScreener
{
    public const string PersonalNumberMessage =
        "Texten ser ut att innehålla ett personnummer eller samordningsnummer. Lägesbilden beskriver platser och händelser – ta bort numret. Uppgifter om en enskild person hör hemma i ett ärende.";

    public const string NameMessage =
        "Texten ser ut att innehålla ett namn på en person. Lägesbilden beskriver platser och händelser – skriv utan namn (t.ex. \"en grupp ungdomar\"). Uppgifter om en enskild person hör hemma i ett ärende.";

    private static readonly Lazy<Lists> Names = new(Load);

    [GeneratedRegex(@"(?<!\d)(\d{6}|\d{8})\s?([-+]?)\s?(\d{4})(?!\d)")]
    private static partial Regex NumberCandidate();

    [GeneratedRegex(@"[\p{L}]+")]
    private static partial Regex Word();

    /// <summary>Null when the text may be stored; otherwise the Swedish message to show.</summary>
    public static string? Refusal(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (Match m in NumberCandidate().Matches(text))
        {
            var candidate = m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value;
            if (PersonalIdentityNumber.TryParse(candidate, today, out _, out _)) return PersonalNumberMessage;
        }

        var words = Word().Matches(text).Select(w => w.Value).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : null;
            if (IsName(words[i], next)) return NameMessage;
        }

        return null;
    }

    private static bool IsName(string word, string? next)
    {
        if (word.Length < 2 || !char.IsUpper(word[0])) return false;
        var lists = Names.Value;
        if (lists.Surnames.Contains(word)) return true;
        if (lists.Exceptions.Contains(word))
            return next is not null && char.IsUpper(next[0]) && (lists.FirstNames.Contains(next) || lists.Surnames.Contains(next));
        if (lists.FirstNames.Contains(word)) return true;
        // Genitive: "Kalles", "Annas".
        return word.EndsWith('s') && lists.FirstNames.Contains(word[..^1]) && !lists.Exceptions.Contains(word[..^1]);
    }

    private sealed record Lists(HashSet<string> FirstNames, HashSet<string> Surnames, HashSet<string> Exceptions);

    private static Lists Load() => new(Read("swedish-first-names.txt"), Read("swedish-surnames.txt"), Read("swedish-name-exceptions.txt"));

    private static HashSet<string> Read(string file)
    {
        var assembly = typeof(FreeTextScreener).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("Missing name list.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            var t = line.Trim();
            if (t.Length > 0 && !t.StartsWith('#')) set.Add(t);
        }

        return set;
    }
}
