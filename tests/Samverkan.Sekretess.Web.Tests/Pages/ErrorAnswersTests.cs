using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages;

/// <summary>
/// Issue 19, item 9: requests that used to end in a 500 or an empty 400 get a plain answer. An unknown <c>?handler=</c> is
/// a 404 on every page (GET and POST); a share to an authority outside the case is a Swedish message; a consent form
/// with an attachment above the app's 1 MB limit reaches the page (up to the promised 5 MB it is stored, above it the
/// answer is Swedish and the rest of the form is kept).
/// </summary>
public sealed partial class ErrorAnswersTests(AppServer app) : IClassFixture<AppServer>
{
    /// <summary>The second-factor pages need the password step's cookie: a fully signed-in user is sent to the login instead.</summary>
    private static readonly string[] SecondFactorPages = ["Account/Mfa", "Account/Recovery", "Account/Enrol"];

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task EveryPage_AnUnknownHandler_IsA404_ForGetAndPost()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");
        var token = await HttpLogin.TokenFromAsync(client, "/Cases/Create");
        var (caseId, _) = await SeededAvhoppAsync();
        var templates = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>().Select(p => p.AttributeRouteInfo!.Template!).Distinct().ToList();
        Assert.True(templates.Count > 40, $"{templates.Count} pages");
        var failures = new List<string>();
        foreach (var template in templates)
        {
            // A real case id where the page takes one, so that the page would otherwise load and render.
            var path = "/" + RouteParameter().Replace(template, m => m.Value.StartsWith("{handler", StringComparison.Ordinal) ? "" : caseId.ToString()).TrimEnd('/');
            var url = path + "?handler=finnsinte";
            using var get = await client.GetAsync(url);
            using var post = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            var expected = SecondFactorPages.Contains(template, StringComparer.OrdinalIgnoreCase) ? HttpStatusCode.Redirect : HttpStatusCode.NotFound;
            if (get.StatusCode != expected) failures.Add($"GET {url}: {(int)get.StatusCode}");
            if (post.StatusCode != expected) failures.Add($"POST {url}: {(int)post.StatusCode}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task SharePost_ARecipientOutsideTheCase_IsASwedishAnswer_NotA500()
    {
        var (_, item) = await SeededAvhoppAsync();
        Guid school;
        using (var scope = app.Services.CreateScope())
            school = (await scope.ServiceProvider.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None)).Single(a => a.Code == "utb-kristianstad").Id;
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");
        var token = await HttpLogin.TokenFromAsync(client, $"/Share/item/{item}");

        using var response = await client.PostAsync($"/Share/item/{item}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Recipient"] = school.ToString(), ["Input.Assessment"] = "Fiktiv bedömning", ["Input.Channel"] = "system",
            ["Input.RequestKey"] = Guid.NewGuid().ToString(), ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Mottagaren deltar inte i ärendet", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsentAttachment_OfOneAndAHalfMegabytes_IsStored()
    {
        var (caseId, _) = await SeededAvhoppAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");

        using var response = await PostConsentAsync(client, caseId, 1_500_000, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(50));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Consents/Details/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsentAttachment_AboveFiveMegabytes_IsASwedishAnswer_AndTheFormIsKept()
    {
        var (caseId, _) = await SeededAvhoppAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");
        var validTo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(77);

        using var response = await PostConsentAsync(client, caseId, 6 * 1024 * 1024, validTo);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Bilagan får vara högst 5 MB", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{validTo:yyyy-MM-dd}\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"informed-consequences\"[^>]*checked", html);
        Assert.Matches("id=\"cat-S1\"[^>]*checked", html);
    }

    private async Task<HttpResponseMessage> PostConsentAsync(HttpClient client, Guid caseId, int attachmentBytes, DateOnly validTo)
    {
        Guid social, police;
        using (var scope = app.Services.CreateScope())
        {
            var authorities = await scope.ServiceProvider.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
            (social, police) = (authorities.Single(a => a.Code == "soc-kristianstad").Id, authorities.Single(a => a.Code == "polis-lpo-kristianstad").Id);
        }

        var token = await HttpLogin.TokenFromAsync(client, $"/Consents/Case/{caseId}");
        var pdf = new byte[attachmentBytes];
        Array.Fill(pdf, (byte)' ');
        "%PDF-1.4\n"u8.CopyTo(pdf);
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("true"), "Input.GivenBySubject" },
            { new StringContent(social.ToString()), "Input.Senders" },
            { new StringContent(police.ToString()), "Input.Recipients" },
            { new StringContent("S1"), "Input.Categories" },
            { new StringContent(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "Input.ValidFrom" },
            { new StringContent(validTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "Input.ValidTo" },
            { new StringContent(ConsentForms.Written), "Input.Form" },
            { new StringContent("true"), "Input.InformedOfConsequences" },
            { new StringContent("true"), "Input.InformedOfRightToWithdraw" },
            { new StringContent(Guid.NewGuid().ToString()), "Input.RequestId" },
            { new StringContent(token), "__RequestVerificationToken" },
            { file, "Input.Attachment", "blankett.pdf" },
        };
        return await client.PostAsync($"/Consents/Case/{caseId}?handler=Record", form);
    }

    /// <summary>The seeded AVHOPP case (social services and police; its person is an adult) and its social-services S1 item.</summary>
    private async Task<(Guid CaseId, Guid ItemId)> SeededAvhoppAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
        var social = new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true);
        var reads = sp.GetRequiredService<CaseReads>();
        var avhopp = (await reads.ListMyCasesAsync(social, CancellationToken.None)).Single(c => c.Type == CaseTypes.Avhopp);
        var details = await reads.GetCaseAsync(social, avhopp.Id, CancellationToken.None);
        return (avhopp.Id, details.Items.First(i => i.Category == "S1").Id);
    }
}
