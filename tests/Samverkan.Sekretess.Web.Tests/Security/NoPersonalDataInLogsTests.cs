using System.Globalization;
using System.Net;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>
/// Scans the logs of every test host in this test process (Debug and above, see <see cref="CapturedLogs"/>)
/// for personnummer and names of the seeded persons, the demo staff, and the persons this test creates.
/// The test first drives its own workload (case creation with personnummer and name, reads, denied reads,
/// failed logins, bad input) so the scan never depends on which other classes happened to run before it.
/// </summary>
public sealed partial class NoPersonalDataInLogsTests(AppServer app) : IClassFixture<AppServer>
{
    private const string CreatedNumber = "20120303-9811";
    private const string CreatedName = "Loggfri Kontrollsson";

    [System.Text.RegularExpressions.GeneratedRegex("/Cases/Details/[0-9a-f-]{36}")]
    private static partial System.Text.RegularExpressions.Regex CaseLink();

    [Fact]
    public async Task CapturedLogs_ContainNoPersonnummerOrNames()
    {
        await WorkloadAsync();

        var forbidden = new List<string> { CreatedName, CreatedNumber, CreatedNumber.Replace("-", "", StringComparison.Ordinal), "201203039811" };
        foreach (var (birth, name) in new[] { ("20100505", "Testa Testsson"), ("20091115", "Fiktiva Exempeldotter"), ("20060625", "Prov Påhittsson") })
        {
            var number = SeededNumber(birth);
            forbidden.AddRange([name, number, number[2..], number[..8] + "-" + number[8..], number[2..8] + "-" + number[8..]]);
        }

        forbidden.AddRange(DemoPersonas.Users.Select(u => u.DisplayName.Split(" (")[0]));
        var lines = CapturedLogs.Provider.Lines.ToList();
        Assert.True(lines.Count > 50, "the scan must have logs to scan");
        var hits = lines.SelectMany(l => forbidden.Where(f => l.Contains(f, StringComparison.OrdinalIgnoreCase)).Select(f => $"{f} in: {l[..Math.Min(300, l.Length)]}")).ToList();
        Assert.True(hits.Count == 0, "Personal data in logs:\n" + string.Join("\n", hits.Take(20)));
    }

    private async Task WorkloadAsync()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        var token = await HttpLogin.TokenFromAsync(worker, "/Cases/Create");
        var created = await worker.PostAsync("/Cases/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Type"] = "SIG", ["PersonalNumber"] = CreatedNumber, ["PersonName"] = CreatedName, ["__RequestVerificationToken"] = token,
        }));
        var caseUrl = created.Headers.Location?.OriginalString ?? CaseLink().Match(await worker.GetStringAsync("/Cases")).Value;
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync(caseUrl)).StatusCode);
        // Invalid personnummer (bad input) and a second create for the same person.
        token = await HttpLogin.TokenFromAsync(worker, "/Cases/Create");
        await worker.PostAsync("/Cases/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Type"] = "SIG", ["PersonalNumber"] = "20120303-9812", ["PersonName"] = CreatedName, ["__RequestVerificationToken"] = token,
        }));

        using var police = app.CreateClient();
        await HttpLogin.LogInAsync(police, "kommunpolis");
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(caseUrl)).StatusCode);
        await police.GetAsync("/Cases/Details/not-a-guid");

        using var stranger = app.CreateClient();
        await HttpLogin.PasswordStepAsync(stranger, "Testa Testsson", "fel lösenord helt enkelt");
        await HttpLogin.PasswordStepAsync(stranger, CreatedNumber, "fel lösenord helt enkelt");

        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");
        await dpo.GetAsync("/Audit");
    }

    /// <summary>The same fictional number <see cref="DatabaseInitializer"/> seeds for a birth date.</summary>
    private static string SeededNumber(string birthDate)
    {
        var serial = "98" + (birthDate[^1] - '0').ToString(CultureInfo.InvariantCulture);
        var nine = birthDate[2..] + serial;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return birthDate + serial + ((10 - sum % 10) % 10).ToString(CultureInfo.InvariantCulture);
    }
}
