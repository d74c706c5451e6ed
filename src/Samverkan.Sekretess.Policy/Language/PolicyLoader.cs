using System.Security.Cryptography;
using System.Text;
using Samverkan.Sekretess.Policy.Compilation;
using Samverkan.Sekretess.Policy.Grounds;
using Samverkan.Sekretess.Policy.Labels;
using Samverkan.Sekretess.Policy.Vocabulary;

namespace Samverkan.Sekretess.Policy.Language;

/// <summary>
/// Loads a policy directory: <c>schema/vocabulary.yaml</c>, <c>legal-grounds.yaml</c> and every
/// <c>*.policy.yaml</c> below it. All I/O happens here, once; decisions never touch the disk.
/// </summary>
internal static class PolicyLoader
{
    public const string VocabularyFile = "schema/vocabulary.yaml";
    public const string GroundsFile = "legal-grounds.yaml";
    public const string PolicyPattern = "*.policy.yaml";
    public const string LabelsFile = "labels.yaml";

    public static PolicySet LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var errors = new ErrorSink();
        if (!Directory.Exists(directory))
            throw new PolicyValidationException([new PolicyError(directory, 0, "policykatalogen finns inte")]);

        var texts = ReadSources(directory, errors);
        try
        {
            return Compile(texts, errors);
        }
        catch (PolicyValidationException ex)
        {
            // Report paths as the caller named the directory, so editors and CI logs can jump to them.
            throw new PolicyValidationException(
                [.. ex.Errors.Select(e => e with { File = Path.Join(directory, e.File).Replace('\\', '/') })]);
        }
    }

    /// <summary>Compiles already-read sources (relative path → text); used by the loader and by tests/fuzzers.</summary>
    public static PolicySet Compile(IReadOnlyDictionary<string, string> sources, ErrorSink? errors = null)
    {
        errors ??= new ErrorSink();
        var vocabFile = Parse(sources, VocabularyFile, errors, required: true);
        var vocabulary = vocabFile is null ? new AttributeVocabulary([], new Dictionary<string, ObligationKind>()) : VocabularyLoader.Load(vocabFile);
        if (!vocabulary.TryGet("action", out var action) || action.Type != AttributeType.String || action.AllowedValues is null)
            errors.Add(VocabularyFile, 1, "vokabulären måste ha attributet 'action' av typen string med 'values' (alla handlingar)");

        var groundsFile = Parse(sources, GroundsFile, errors, required: true);
        var grounds = groundsFile is null ? [] : LegalGroundLoader.Load(groundsFile, vocabulary);

        // Optional: a directory without labels (e.g. the benchmark workload) gets none, and every lookup fails closed.
        var labelsFile = Parse(sources, LabelsFile, errors, required: false);
        var labels = labelsFile is null ? SecrecyLabels.Empty : SecrecyLabelLoader.Load(labelsFile, vocabulary);

        var symbols = new SymbolTable();
        foreach (var value in vocabulary.Attributes.Where(a => a.AllowedValues is not null).SelectMany(a => a.AllowedValues!))
            symbols.Intern(value);
        var compiler = new ConditionCompiler(vocabulary, symbols);
        var ruleLoader = new RuleLoader(vocabulary, grounds, compiler);

        var rules = new List<CompiledRule>();
        var policyFiles = sources.Keys.Where(IsPolicyFile).Order(StringComparer.Ordinal).ToList();
        if (policyFiles.Count == 0) errors.Add(GroundsFile, 1, $"inga regelfiler ({PolicyPattern}) hittades");
        foreach (var name in policyFiles)
        {
            if (Parse(sources, name, errors, required: true) is { } file) rules.AddRange(ruleLoader.Load(file));
        }

        foreach (var duplicate in rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        foreach (var rule in duplicate.Skip(1))
            errors.Add(rule.File, rule.Line, $"regel-id '{rule.Id}' finns redan ({duplicate.First().File}:{duplicate.First().Line})");

        if (errors.HasErrors) throw new PolicyValidationException(errors.Sorted());
        var ordered = rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new PolicySet(ComputeVersion(sources), vocabulary, grounds, ordered, symbols.Freeze(), labels);
    }

    /// <summary>
    /// The version covers exactly the files that affect decisions, in path order (so it does not
    /// depend on directory enumeration order), with line endings and BOMs normalised.
    /// </summary>
    public static string ComputeVersion(IReadOnlyDictionary<string, string> sources)
    {
        var canonical = new StringBuilder();
        foreach (var name in sources.Keys.Where(k => k == VocabularyFile || k == GroundsFile || k == LabelsFile || IsPolicyFile(k)).Order(StringComparer.Ordinal))
        {
            var text = sources[name].TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
            canonical.Append(name).Append('\n').Append(text.Length).Append('\n').Append(text).Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static bool IsPolicyFile(string relativePath) =>
        relativePath.EndsWith(".policy.yaml", StringComparison.Ordinal);

    private static Dictionary<string, string> ReadSources(string directory, ErrorSink errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (relative != VocabularyFile && relative != GroundsFile && relative != LabelsFile && !IsPolicyFile(relative)) continue;
            if (new FileInfo(path).Length > YamlFile.MaxBytes)
            {
                errors.Add(relative, 1, $"filen är större än {YamlFile.MaxBytes} byte");
                continue;
            }

            result[relative] = File.ReadAllText(path, Encoding.UTF8);
        }

        return result;
    }

    private static YamlFile? Parse(IReadOnlyDictionary<string, string> sources, string name, ErrorSink errors, bool required)
    {
        if (sources.TryGetValue(name, out var text)) return YamlFile.Parse(name, text, errors);
        if (required) errors.Add(name, 0, "filen saknas");
        return null;
    }
}
