using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Disclosures;

/// <summary>
/// Non-negotiable 4 for every disclosure path of the case workspace: whatever the recipient's case page model and API
/// answer contain of a disclosed record, the discloser's preview listed. Every field of the record carries a random
/// marker; after the disclosure (and the second approval where one is needed) the recipient's whole answer is
/// serialized and every marker found in it must be in the preview's listed fields. Generated over record type ×
/// recipient and ground × contact box ticked or not × protected identity on or off, with fresh markers each run.
/// </summary>
public sealed class RecipientSeesThePreviewTests(CoreHost host) : IClassFixture<CoreHost>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly string[] FieldNames = ["RUBRIK", "TEXT", "KONTAKT", "ATGARD", "ANSVARIG"];

    public static TheoryData<string, string, bool, bool> Combinations()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (var type in new[] { ResourceTypes.Item, ResourceTypes.ActionPlan })
            foreach (var route in new[] { "polis-18a", "polis-samtycke", "skola-samtycke" })
                foreach (var contact in new[] { false, true })
                    foreach (var protectedIdentity in new[] { false, true })
                        data.Add(type, route, contact, protectedIdentity);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Recipient_SeesNothingThePreviewDidNotList(string type, string route, bool tickContact, bool protectedIdentity)
    {
        await host.ResetAsync();
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad");
        var (recipient, persona, ground) = route switch
        {
            "polis-18a" => (w.Police, "kommunpolis", "18a"),
            "polis-samtycke" => (w.Police, "kommunpolis", "CONSENT"),
            _ => (w.School, "skolkurator", "CONSENT"),
        };
        var marker = Guid.NewGuid().ToString("N")[..8];
        var fields = FieldNames.ToDictionary(f => f, f => $"{f}-{marker}");
        var id = await AddRecordAsync(w, type, fields);
        if (protectedIdentity)
        {
            await using var db = host.NewDbContext();
            await db.Persons.ExecuteUpdateAsync(s => s.SetProperty(p => p.SkyddadFolkbokforing, true));
        }

        Guid? consent = ground == "CONSENT" ? await w.RecordConsentAsync(w.FullConsent(recipients: [recipient])) : null;
        var preview = (await w.ShareFormAsync("socialsekreterare", type, id, recipient)).Preview!;
        var listed = preview.Content.Fields.Select(f => f.Value).ToList();
        var disclosed = false;
        try
        {
            var disclosure = await w.DiscloseAsync("socialsekreterare", type, id, recipient, ground, consent,
                ground == "18a" ? new Dictionary<string, string> { ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true" } : null,
                includeContact: tickContact);
            disclosed = true;
            if (await PendingAsync(disclosure))
            {
                await using var scope = host.Services.CreateAsyncScope();
                await CoreHost.Get<DisclosureWrites>(scope).ApproveAsync(await w.CreateColleagueAsync(), disclosure, Ct);
            }

            if (tickContact && preview.WithContact is { } withContact) listed = withContact.Fields.Select(f => f.Value).ToList();
            if (tickContact && preview is { HasContact: true, WithContact: null })
            {
                // Protected identity: the discloser's own read hides the details (ITEM-R-003), so the preview lists them as
                // hidden contact details that go out only after a colleague approves — listed by what they are, not by value.
                Assert.Contains("dolda", preview.ContactNotice, StringComparison.Ordinal);
                listed.Add(fields["KONTAKT"]);
            }
        }
        catch (DisclosureRefusedException)
        {
            // A refusal (e.g. protected contact details to a school): then nothing may reach the recipient at all.
        }

        var answer = JsonSerializer.Serialize(await w.ReadAsync(persona)) + JsonSerializer.Serialize(await ActionPlanAsync(w, persona));
        foreach (var (name, value) in fields)
        {
            if (!answer.Contains(value, StringComparison.Ordinal)) continue;
            Assert.True(disclosed, $"{name} reached the recipient although nothing was disclosed");
            Assert.True(listed.Any(l => l.Contains(value, StringComparison.Ordinal)), $"{name} reached the recipient but the preview did not list it");
        }

        // The test can fail: what the preview listed did arrive (the record is shown to the recipient).
        if (disclosed) Assert.Contains(type == ResourceTypes.Item ? fields["RUBRIK"] : fields["ATGARD"], answer, StringComparison.Ordinal);
    }

    private async Task<Guid> AddRecordAsync(SharingWorld w, string type, Dictionary<string, string> f)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var social = await w.As("socialsekreterare");
        return type == ResourceTypes.Item
            ? await CoreHost.Get<ItemWrites>(scope).AddItemAsync(social, w.Case.CaseId, new AddItemCommand("S1", f["RUBRIK"], f["TEXT"], f["KONTAKT"]), Ct)
            : await CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(social, w.Case.CaseId,
                new AddActionPlanEntryCommand(f["ATGARD"], f["ANSVARIG"], SharingWorld.Today.AddDays(10)), Ct);
    }

    private async Task<bool> PendingAsync(Guid disclosure)
    {
        await using var db = host.NewDbContext();
        return await db.Disclosures.Where(d => d.Id == disclosure).Select(d => d.PendingSecondApproval).SingleAsync();
    }

    private async Task<CaseActionPlan> ActionPlanAsync(SharingWorld w, string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<CaseReads>(scope).GetActionPlanAsync(await w.As(persona), w.Case.CaseId, Ct);
    }
}
