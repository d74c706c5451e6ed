using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary>
/// <c>policy explain</c>: the policy set as markdown for lawyers, DPOs and users: the disclosure
/// matrix (computed by asking the engine, see <see cref="DisclosureMatrix"/>), the ground catalogue
/// and every rule in plain Swedish.
/// </summary>
internal static class ExplainCommand
{
    public static int Run(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (CheckCommand.Load(options, stderr) is not { } set) return CliApp.Failed;
        stdout.WriteLine("# Policyuppsättningen i klartext");
        stdout.WriteLine();
        stdout.WriteLine($"Version `{set.Version}`. Grundregel: allt är nekat om ingen regel tillåter det; ett förbud vinner alltid över ett tillstånd.");
        stdout.WriteLine();
        DisclosureMatrix.Write(set, stdout);
        WriteGrounds(set, stdout);
        WriteRules(set, stdout);
        return CliApp.Ok;
    }

    private static void WriteGrounds(PolicySet set, TextWriter o)
    {
        o.WriteLine("## Rättsliga grunder");
        o.WriteLine();
        o.WriteLine("| Grund | Lagrum | Från → till | Anteckning | Kan samtycke släppa? | Gäller | Säkerhet |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var g in set.LegalGrounds.Values.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var validity = $"{g.ValidFrom?.ToString("yyyy-MM-dd", null) ?? "–"} – {g.ValidTo?.ToString("yyyy-MM-dd", null) ?? ""}";
            var confidence = g.IsUnverified ? "⚠ U (overifierad)" : g.Confidence;
            o.WriteLine($"| **{g.Key}** {g.Title} | {g.Provision} | {string.Join(", ", g.Disclosers)} → {string.Join(", ", g.Recipients)} | {(g.AnteckningRequired ? "ja" : "nej")} | {(g.ConsentCanRelease ? "ja" : "nej")} | {validity} | {confidence} |");
        }

        o.WriteLine();
    }

    private static void WriteRules(PolicySet set, TextWriter o)
    {
        o.WriteLine("## Regler");
        o.WriteLine();
        foreach (var group in set.Rules.GroupBy(r => r.Actions.Count > 0 ? r.Actions[0] : ""))
        {
            o.WriteLine($"### {group.Key}");
            o.WriteLine();
            foreach (var r in group)
            {
                var kind = r.Effect == Effect.Permit ? "Tillåter" : "Förbjuder";
                var basis = r.LegalBasis ?? r.Provision;
                o.WriteLine($"- **{r.Id}** ({kind}; {string.Join(", ", r.Actions)}; grund: {basis}) — {r.Description}");
                foreach (var c in r.Conditions) o.WriteLine($"  - {c}");
                if (r.Obligations.Count > 0) o.WriteLine($"  - skyldigheter: {string.Join(", ", r.Obligations)}");
            }

            o.WriteLine();
        }
    }
}
