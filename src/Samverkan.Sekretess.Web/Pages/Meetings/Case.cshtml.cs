using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Meetings;

/// <summary>
/// Samverkansmöten i ett ärende: the case's meetings and the form that books one (present authorities and attendance).
/// Core decides meeting.read and meeting.create; a deny is a 404. Declared purpose: samverkansmöte.
/// </summary>
public sealed class CaseModel(MeetingReads reads, MeetingWrites writes) : PageModel
{
    public MeetingList? Data { get; private set; }
    [BindProperty] public MeetingInput Input { get; set; } = new();
    public string? ErrorMessage { get; private set; }

    public sealed class MeetingInput
    {
        public DateTime? StartsAt { get; set; }
        public List<Guid> Present { get; set; } = [];
        public List<string> Attendees { get; set; } = [];
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.Meeting);

    public async Task OnGetAsync(Guid caseId, CancellationToken ct)
    {
        Data = await reads.ListAsync(Context, caseId, ct);
        Input.StartsAt ??= MeetingTime.NextHourLocal();
        if (Input.Present.Count == 0) Input.Present.Add(Data.OwnAuthorityId);
    }

    public async Task<IActionResult> OnPostAsync(Guid caseId, CancellationToken ct)
    {
        try
        {
            var id = await writes.CreateAsync(Context, caseId,
                new CreateMeetingCommand(MeetingTime.ToUtc(Input.StartsAt), Input.Present, Input.Attendees, Input.RequestId), ct);
            return Redirect($"/Meetings/Details/{id}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Data = await reads.ListAsync(Context, caseId, ct);
            return Page();
        }
    }
}
