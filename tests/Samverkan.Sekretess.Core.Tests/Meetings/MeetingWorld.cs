using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Meetings;

/// <summary>
/// The <see cref="SharingWorld"/> SIG case with meeting helpers that go through the real services only. Contexts carry the
/// meeting purpose (samverkansmöte) and a completed second factor.
/// </summary>
internal sealed class MeetingWorld(CoreHost host, SharingWorld sharing)
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public SharingWorld Sharing => sharing;
    public Guid CaseId => sharing.Case.CaseId;

    public static async Task<MeetingWorld> CreateAsync(CoreHost host, params string[] extraParticipants) =>
        new(host, await SharingWorld.CreateAsync(host, extraParticipants));

    public async Task<ProcessContext> As(string persona) =>
        persona == "anonym" ? new ProcessContext(null, Purposes.Meeting) : (await SharingWorld.As(host, persona)) with { Purpose = Purposes.Meeting };

    /// <summary>A consent from the youth and both guardians that names social services and the police both as senders and recipients.</summary>
    public Task<Guid> RecordMutualConsentAsync(IReadOnlyList<Guid>? parties = null, DateOnly? from = null, DateOnly? to = null, IReadOnlyList<string>? categories = null)
    {
        var both = parties ?? [sharing.Social, sharing.Police];
        return sharing.RecordConsentAsync(sharing.FullConsent(recipients: both, senders: both, categories: categories ?? ["S1", "P3", "AP"], from: from, to: to));
    }

    public async Task<string> UserIdAsync(string persona)
    {
        await using var db = host.NewDbContext();
        return await db.Users.Where(u => u.UserName == persona).Select(u => u.Id).SingleAsync();
    }

    public async Task<Guid> CreateMeetingAsync(IReadOnlyList<Guid>? present = null, IReadOnlyList<string>? attendees = null, string persona = "socialsekreterare")
    {
        var people = new List<string>();
        foreach (var a in attendees ?? ["socialsekreterare", "kommunpolis"]) people.Add(await UserIdAsync(a));
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingWrites>(scope).CreateAsync(await As(persona), CaseId,
            new CreateMeetingCommand(DateTime.UtcNow.AddHours(1), present ?? [sharing.Social, sharing.Police], people), Ct);
    }

    public async Task<MeetingDetails> GetAsync(string persona, Guid meetingId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingReads>(scope).GetAsync(await As(persona), meetingId, Ct);
    }

    public async Task<MeetingItem> ItemAsync(string persona, Guid meetingId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingReads>(scope).GetItemAsync(await As(persona), meetingId, Ct);
    }

    public async Task<MeetingList> ListAsync(string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingReads>(scope).ListAsync(await As(persona), CaseId, Ct);
    }

    public async Task<Guid> MinutesAsync(string persona, Guid meetingId, string category, string text = "Fiktiv protokollstext.")
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingWrites>(scope).RecordMinutesAsync(await As(persona), meetingId, new RecordMinutesCommand(category, text), Ct);
    }

    public async Task<Guid> ActionAsync(string persona, Guid meetingId, string what)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingWrites>(scope).AddActionAsync(await As(persona), meetingId,
            new AddActionPlanEntryCommand(what, "Handläggaren", SharingWorld.Today.AddDays(14)), Ct);
    }

    public async Task<IReadOnlyList<MeetingDisclosureOutcome>> DiscloseAsync(string persona, Guid meetingId, string type, Guid resourceId, Guid? key = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<MeetingWrites>(scope).DiscloseToPresentAsync(await As(persona), meetingId, type, resourceId, key ?? Guid.NewGuid(), Ct);
    }
}
