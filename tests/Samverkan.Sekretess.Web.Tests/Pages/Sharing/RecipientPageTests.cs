using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Sharing;

/// <summary>
/// What the other party actually sees, as HTML (non-negotiable 4): social services discloses an item whose every field
/// carries a marker, without ticking the contact details; the discloser's preview page lists the title and the text and
/// not the address; the police's case page then shows the title and the text — and not the address, nor any sign of it.
/// </summary>
public sealed class RecipientPageTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task RecipientsCasePage_ShowsWhatThePreviewListed_AndNothingElse()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (title, text, contact) = ($"Rubrik-{marker}", $"Text-{marker}", $"Kontakt-{marker}");
        Guid caseId, itemId, police;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
            var social = new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true);
            var avhopp = (await sp.GetRequiredService<CaseReads>().ListMyCasesAsync(social, CancellationToken.None)).Single(c => c.Type == CaseTypes.Avhopp);
            caseId = avhopp.Id;
            police = (await sp.GetRequiredService<ConsentReads>().ForCaseAsync(social, caseId, CancellationToken.None)).Participants.Single(p => p.Kind == "polis").Id;
            itemId = await sp.GetRequiredService<ItemWrites>().AddItemAsync(social, caseId, new AddItemCommand("S1", title, text, contact), CancellationToken.None);
        }

        using var discloser = app.CreateClient();
        await HttpLogin.LogInAsync(discloser, "socialsekreterare");
        var preview = await discloser.GetStringAsync($"/Share/item/{itemId}?recipient={police}");
        Assert.Contains(title, preview, StringComparison.Ordinal);
        Assert.Contains(text, preview, StringComparison.Ordinal);
        // The address is offered behind the box ("if you tick it"), not as something the recipient gets.
        Assert.Contains("Om du kryssar i rutan", preview, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
            await sp.GetRequiredService<DisclosureWrites>().DiscloseAsync(new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true), ResourceTypes.Item, itemId,
                new DiscloseCommand(police, "18a", null, new Dictionary<string, string>
                {
                    ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true",
                }, "Bedömning i det enskilda fallet.", DisclosureInitiatives.OwnInitiative, DisclosureChannels.System, false, null, Guid.NewGuid()), CancellationToken.None);
        }

        using var recipient = app.CreateClient();
        await HttpLogin.LogInAsync(recipient, "kommunpolis");
        var response = await recipient.GetAsync($"/Cases/Details/{caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, page, StringComparison.Ordinal);
        Assert.Contains(text, page, StringComparison.Ordinal);
        Assert.DoesNotContain(contact, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Kontakt- och platsuppgifter är dolda", page, StringComparison.Ordinal);
    }
}
