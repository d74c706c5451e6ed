using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// An API client's "log out" (OpenID Connect RP-initiated logout) lands here instead of ending the session at once:
/// a GET to <c>/connect/endsession</c> can be made by any site, so it only asks. The person confirms with a post
/// (antiforgery token) back to <c>/connect/endsession</c>, which ends the session and is audited.
/// </summary>
public sealed class EndSessionModel : PageModel
{
    /// <summary>The end-session parameters a client may send (OpenID Connect RP-Initiated Logout 1.0 §2); nothing else is carried on.</summary>
    private static readonly string[] Carried = ["id_token_hint", "logout_hint", "client_id", "post_logout_redirect_uri", "state", "ui_locales"];

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public void OnGet() =>
        Parameters = Carried.Where(p => Request.Query.ContainsKey(p) && Request.Query[p].ToString().Length <= 8_000)
            .Select(p => KeyValuePair.Create(p, Request.Query[p].ToString())).ToList();
}
