using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>
/// Sök i loggen: the DPO (own authority) and the enhetschef (own unit) search the access log. Filters travel in the
/// POST body, never in the URL (a personnummer must not end up in browser history or server logs). Every search is
/// itself an audit entry; whether the caller may search at all is the PDP's call (audit.search), others get 404.
/// </summary>
public sealed class IndexModel(AuditSearch search, AuditReads audit) : PageModel
{
    [BindProperty] public SearchForm Form { get; set; } = new();
    public AuditSearchOptions Options { get; private set; } = null!;
    public AuditSearchPage Results { get; private set; } = new([], null);
    public AuditChainReport? Chain { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.LogReview);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Options = await search.GetOptionsAsync(Context, ct);
        Results = await search.SearchAsync(Context, new AuditQuery { PageSize = 100 }, ct);
    }

    public async Task OnPostAsync(CancellationToken ct)
    {
        Options = await search.GetOptionsAsync(Context, ct);
        Results = await search.SearchAsync(Context, Form.ToQuery(), ct);
    }

    /// <summary>The quick integrity check kept on this page; /Audit/Verify has the full check with progress.</summary>
    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Chain = await audit.VerifyChainAsync(Context, ct);
        await OnGetAsync(ct);
    }

    public sealed class SearchForm
    {
        public string? PersonalNumber { get; set; }
        public string? UserId { get; set; }
        public Guid? AuthorityId { get; set; }
        public string? CaseReference { get; set; }
        public string? Action { get; set; }
        public string? Decision { get; set; }
        public string? LegalGround { get; set; }
        public string? Purpose { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public bool FlaggedOnly { get; set; }
        public string? FlagRuleId { get; set; }
        public string Sort { get; set; } = "newest";
        public long? After { get; set; }

        /// <summary>The form's order: newest, oldest (time), user, action, decision; anything else is newest first.</summary>
        public static AuditSortKey SortKey(string sort) => sort switch
        {
            "user" => AuditSortKey.User,
            "action" => AuditSortKey.Action,
            "decision" => AuditSortKey.Decision,
            _ => AuditSortKey.Time,
        };

        public AuditQuery ToQuery() => new()
        {
            PersonalNumber = PersonalNumber, UserId = UserId, ActorAuthorityId = AuthorityId, CaseReference = CaseReference, Action = Action,
            Decision = Decision, LegalGround = LegalGround, Purpose = Purpose, From = From, To = To, FlaggedOnly = FlaggedOnly,
            FlagRuleId = FlagRuleId, OldestFirst = Sort == "oldest", SortBy = SortKey(Sort), After = After, PageSize = 100,
        };
    }
}
