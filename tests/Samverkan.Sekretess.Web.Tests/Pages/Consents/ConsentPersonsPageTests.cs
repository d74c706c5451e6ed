using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Consents;

/// <summary>
/// Issue 17: a consent is one person's. When an item of the case is about another person too, the consent page lets the
/// official choose whose consent it is (by name on the page; the choice is an id in the form body, never in a URL), and an
/// adult other person's own consent is recorded and shown as hers.
/// </summary>
public sealed partial class ConsentPersonsPageTests(AppServer app) : IClassFixture<AppServer>
{
    private const string Mother = "Mira Påhittadsson";

    [GeneratedRegex("<input type=\"radio\" id=\"person-([0-9a-f-]{36})\" name=\"Input.SubjectPersonId\" value=\"[0-9a-f-]{36}\"[^>]*/><label for=\"person-[0-9a-f-]{36}\">([^<(]+) \\(")]
    private static partial Regex PersonChoice();

    [GeneratedRegex("name=\"Input.Senders\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex Sender();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task CaseWithTwoPersons_TheOfficialChoosesWhoseConsent_AndTheMothersOwnConsentIsRecorded()
    {
        var caseId = await ArrangeAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");

        var html = await client.GetStringAsync($"/Consents/Case/{caseId}");
        var choices = PersonChoice().Matches(html).Select(m => (Id: m.Groups[1].Value, Name: WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Equal(2, choices.Count);
        var mother = Assert.Single(choices, c => c.Name == Mother);
        Assert.Contains("Vems samtycke är det?", html, StringComparison.Ordinal);
        // Names and ids of persons never travel in a link.
        Assert.DoesNotMatch($"href=\"[^\"]*({Regex.Escape(mother.Id)}|{Regex.Escape(Uri.EscapeDataString(Mother))})", html);

        var authorities = Sender().Matches(html).Select(m => m.Groups[1].Value).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var form = new List<KeyValuePair<string, string>>
        {
            new("Input.SubjectPersonId", mother.Id), new("Input.GivenBySubject", "true"),
            new("Input.Senders", authorities[0]), new("Input.Recipients", authorities[1]), new("Input.Categories", "S1"),
            new("Input.ValidFrom", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("Input.ValidTo", today.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Form", "skriftligt"), new("Input.InformedOfConsequences", "true"), new("Input.InformedOfRightToWithdraw", "true"),
            new("Input.RequestId", Guid.NewGuid().ToString()), new("__RequestVerificationToken", Token().Match(html).Groups[1].Value),
        };
        using var response = await client.PostAsync($"/Consents/Case/{caseId}?handler=Record", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains($"{Mother} (", WebUtility.HtmlDecode(receipt), StringComparison.Ordinal);
        Assert.Contains($"från {Mother},", WebUtility.HtmlDecode(await client.GetStringAsync($"/Consents/Case/{caseId}")), StringComparison.Ordinal);
    }

    /// <summary>A fresh case of social services with the police, and an item about the youth and the mother.</summary>
    private async Task<Guid> ArrangeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
        var police = (await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("kommunpolis"))!.AuthorityId;
        var social = new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true);
        var caseId = await sp.GetRequiredService<CaseWrites>().OpenCaseAsync(social,
            new OpenCaseCommand(CaseTypes.Sig, "20110606-9816", "Ung Påhittadsson", [police]), CancellationToken.None);
        await sp.GetRequiredService<ItemWrites>().AddItemAsync(social, caseId, new AddItemCommand("S1", "Hemsituationen", "Fiktiv text om ungdomen och mamman.",
            NewSubject: new NewPersonCommand("19800314-9823", Mother)), CancellationToken.None);
        return caseId;
    }
}
