using Samverkan.Sekretess.Policy;
using Matrix = Samverkan.Sekretess.Policy.Explanation.DisclosureMatrix;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary>Writes the engine-computed disclosure matrix (<see cref="Matrix"/>) as markdown.</summary>
internal static class DisclosureMatrix
{
    public static void Write(PolicySet set, TextWriter o)
    {
        if (Matrix.Build(set) is not { } matrix) return;   // e.g. the benchmark set has no disclosures
        o.WriteLine("## Vem får lämna vad till vem, på vilken grund");
        o.WriteLine();
        o.WriteLine("Framräknad genom att fråga beslutsmotorn med alla grundens förutsättningar uppfyllda (bästa fall). ⚠ = overifierad grund. Handläggaren prövar alltid själv i det enskilda fallet.");
        o.WriteLine();
        o.WriteLine("| Kategori (ägare) | " + string.Join(" | ", matrix.Recipients.Select(r => r.Label)) + " |");
        o.WriteLine("|---|" + string.Concat(matrix.Recipients.Select(_ => "---|")));
        foreach (var row in matrix.Rows)
        {
            var cells = row.Cells.Select(c => c.Own ? "(egen)"
                : c.Grounds.Count == 0 ? "—" : string.Join(", ", c.Grounds.Select(g => g.Unverified ? g.Key + " ⚠" : g.Key)));
            o.WriteLine($"| **{row.Category}** {row.Label} ({row.OwnerKind}) | {string.Join(" | ", cells)} |");
        }

        o.WriteLine();
    }
}
