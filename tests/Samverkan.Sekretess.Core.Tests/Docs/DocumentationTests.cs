using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Core.Tests.Docs;

/// <summary>
/// The README stays a front door (issue 21): short enough to read, with the detail in docs/ by reader. A link that points
/// nowhere sends a reader (or an auditor following SECURITY.md) into a dead end, so every relative link in README.md,
/// SECURITY.md and docs/*.md must reach an existing file and, with an anchor, an existing heading.
/// </summary>
public sealed partial class DocumentationTests
{
    // The app's own lookup (walking up from the binaries): the repository root is the folder that holds policies/.
    private static readonly string Root = Path.GetDirectoryName(PolicyProvider.ResolveDirectory("policies"))!;

    private const int MaxReadmeLines = 250;

    [Fact]
    public void Readme_HasAtMost250Lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= MaxReadmeLines,
            $"README.md has {lines} lines; keep it a front door (at most {MaxReadmeLines}) and move detail into docs/.");
    }

    [Fact]
    public void EveryRelativeLink_PointsToAnExistingFileAndHeading()
    {
        var files = new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "SECURITY.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            .ToList();
        var broken = new List<string>();
        var checkedLinks = 0;

        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            foreach (var (lineNumber, target) in RelativeLinks(lines))
            {
                checkedLinks++;
                var problem = Check(file, target);
                if (problem is not null)
                    broken.Add($"{Path.GetRelativePath(Root, file)}:{lineNumber}: ({target}) {problem}");
            }
        }

        Assert.True(checkedLinks > 0, "No relative links found: the scan itself is broken.");
        Assert.True(broken.Count == 0, "Broken documentation links:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Where the one door is", "where-the-one-door-is")]
    [InlineData("Gallring och bevarande (retention and thinning)", "gallring-och-bevarande-retention-and-thinning")]
    [InlineData("5. Registerutdrag (GDPR art. 15; CJEU C-154/21 recipients)", "5-registerutdrag-gdpr-art-15-cjeu-c-15421-recipients")]
    [InlineData("Socialsekreterare — `Ärendet` och *Lämna ut*", "socialsekreterare--ärendet-och-lämna-ut")]
    [InlineData("Fritidsledare / avhopparsamordnare", "fritidsledare--avhopparsamordnare")]
    public void Slug_FollowsGitHubsRules(string heading, string expected)
    {
        Assert.Equal(expected, Slug(heading));
    }

    /// <summary>Null when the link resolves; otherwise what is wrong.</summary>
    private static string? Check(string file, string target)
    {
        var hash = target.IndexOf('#');
        var pathPart = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];

        var resolved = pathPart.Length == 0
            ? file
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(pathPart)));
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return "no such file";
        if (anchor is null || anchor.Length == 0) return null;
        if (!resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return "an anchor into a file that is not markdown";

        return Anchors(File.ReadAllLines(resolved)).Contains(Uri.UnescapeDataString(anchor))
            ? null
            : "no heading with that anchor";
    }

    /// <summary>Inline links and images outside code, minus absolute URLs (http:, mailto: …): (line number, target).</summary>
    private static IEnumerable<(int Line, string Target)> RelativeLinks(string[] lines)
    {
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().IsMatch(lines[i])) { inFence = !inFence; continue; }
            if (inFence) continue;

            var text = CodeSpan().Replace(lines[i], "");
            foreach (Match m in Link().Matches(text))
            {
                var target = m.Groups["target"].Value.Trim();
                if (target.StartsWith('<') && target.EndsWith('>')) target = target[1..^1];
                if (Scheme().IsMatch(target)) continue;
                yield return (i + 1, target);
            }
        }
    }

    /// <summary>The anchors GitHub gives the file's headings, with -1, -2 … for repeats.</summary>
    private static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in lines)
        {
            if (Fence().IsMatch(line)) { inFence = !inFence; continue; }
            if (inFence) continue;
            var m = Heading().Match(line);
            if (!m.Success) continue;

            var slug = Slug(m.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        return anchors;
    }

    /// <summary>GitHub's heading slug: lower case, letters (å, ä, ö too), digits, '-' and '_' kept, spaces to '-', the rest dropped.</summary>
    internal static string Slug(string heading)
    {
        var text = LinkText().Replace(heading.Trim(), "${text}");
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (c == ' ') slug.Append('-');
            else if (c is '-' or '_' || char.IsLetterOrDigit(c)) slug.Append(c);
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();
}
