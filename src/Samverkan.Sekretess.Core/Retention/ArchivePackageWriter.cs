using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>One record delivered to the archive (docs/archive-package.md): what it is, plus its content as JSON.</summary>
internal sealed record ArchiveRecord(
    string Format, string ResourceType, Guid ResourceId, string Document, string? DocumentType, Guid CaseId, string CaseReference, string CaseType,
    string OwnerAuthorityCode, string OwnerAuthorityName, DateTime CreatedAt, Guid RunId, string DecisionReference, string ClassId,
    ArchiveSubject Subject, IReadOnlyDictionary<string, string?> Content);

internal sealed record ArchiveSubject(string PersonalIdentityNumber, string Name, DateOnly BirthDate);

internal sealed record ArchiveManifestEntry(string File, string ResourceType, Guid ResourceId, string Document, DateTime CreatedAt, string Sha256);

internal sealed record ArchiveManifest(string Format, string OwnerAuthorityCode, Guid CaseId, string CaseReference, string DecisionReference,
    DateTime UpdatedAt, IReadOnlyList<ArchiveManifestEntry> Records);

/// <summary>
/// Writes archive packages: one folder per authority and case, records/&lt;type&gt;-&lt;id&gt;.json per record and a
/// manifest.json listing every record file with its sha256. Writing the same record again gives the same bytes and the
/// manifest is rebuilt from the files on disk, so a retried delivery never duplicates anything.
/// </summary>
internal sealed class ArchivePackageWriter
{
    public const string Format = "samverkan-arkivpaket/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes the record and refreshes the case's manifest; returns the record's relative path and sha256.</summary>
    public static (string RelativePath, string Sha256) Write(string root, ArchiveRecord record, DateTime now)
    {
        var caseFolder = Path.Combine(Safe(record.OwnerAuthorityCode), Safe(record.CaseReference));
        var recordsDir = Path.Combine(root, caseFolder, "records");
        Directory.CreateDirectory(recordsDir);
        var fileName = $"{record.ResourceType}-{record.ResourceId:D}.json";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        WriteAtomically(Path.Combine(recordsDir, fileName), bytes);

        var entries = new List<ArchiveManifestEntry>();
        foreach (var file in Directory.GetFiles(recordsDir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var content = File.ReadAllBytes(file);
            var r = JsonSerializer.Deserialize<ArchiveRecord>(content, Json)!;
            entries.Add(new ArchiveManifestEntry("records/" + Path.GetFileName(file), r.ResourceType, r.ResourceId, r.Document, r.CreatedAt, Sha(content)));
        }

        var manifest = new ArchiveManifest(Format, record.OwnerAuthorityCode, record.CaseId, record.CaseReference, record.DecisionReference, now, entries);
        WriteAtomically(Path.Combine(root, caseFolder, "manifest.json"), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
        return (Path.Combine(caseFolder, "records", fileName).Replace('\\', '/'), Sha(bytes));
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Folder names from codes and case references only (no personal data), restricted to safe characters.</summary>
    private static string Safe(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
