using System.Globalization;
using CsvHelper;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>Streams log rows as CSV: semicolons and a BOM for Swedish Excel, formula injection escaped (CsvHelper).</summary>
internal static class AuditCsv
{
    private static readonly string[] Header =
    [
        "Nr", "Tid (svensk tid)", "Användar-id", "Användare", "Enhet", "Myndighet", "Roll", "Åtgärd", "Resurstyp", "Resurs-id",
        "Ärende", "Person (pseudonym)", "Beslut", "Regler", "Rättslig grund", "Ändamål", "Flaggad", "Klient",
    ];

    public static async Task<long> WriteAsync(IAsyncEnumerable<LogRows.RawRow> rows, Stream output, CancellationToken ct)
    {
        var options = new CsvWriterOptions { Separator = ';', Injection = CsvInjection.Escape, WriteByteOrderMark = true };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        foreach (var h in Header) csv.WriteField(h);
        await csv.EndRecordAsync(ct);
        long count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.Sequence.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(SwedishTime.ToLocal(r.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(r.ActorUserId ?? "");
            csv.WriteField(r.ActorName ?? "");
            csv.WriteField(r.ActorUnit ?? "");
            csv.WriteField(r.AuthorityName ?? "");
            csv.WriteField(r.ActorRole);
            csv.WriteField(r.Action);
            csv.WriteField(r.ResourceType);
            csv.WriteField(r.ResourceId ?? "");
            csv.WriteField(r.CaseReference ?? "");
            csv.WriteField(r.PersonId?.ToString() ?? "");
            csv.WriteField(r.Decision == "deny" ? "nekad" : "tillåten");
            csv.WriteField(r.RuleIds);
            csv.WriteField(r.LegalGround ?? "");
            csv.WriteField(r.Purpose ?? "");
            csv.WriteField(r.Flagged ? "ja" : "nej");
            csv.WriteField(r.Client ?? "");
            await csv.EndRecordAsync(ct);
            // Flush regularly so the browser's progress bar moves and memory stays flat.
            if (++count % 1000 == 0) await csv.FlushAsync(ct);
        }

        await csv.FlushAsync(ct);
        return count;
    }
}
