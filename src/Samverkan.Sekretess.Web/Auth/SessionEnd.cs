using Microsoft.AspNetCore.Identity;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Auth;

/// <summary>
/// Ends a session on the server, not only in the browser. Deleting the cookie leaves a copy of it valid until its idle
/// and absolute timeouts (issue 19); a new security stamp makes every cookie issued before it fail the stamp check that
/// <see cref="AuthenticationSetup"/> runs on every request. That ends all of the user's sessions, in every browser — the
/// price of needing no session store, and what a user who logs out on a shared municipal PC wants anyway.
/// </summary>
internal static class SessionEnd
{
    public static async Task LogOutAsync(HttpContext http, SignInManager<ApplicationUser> signIn, SecurityEvents events, CancellationToken ct)
    {
        var user = http.User.HasCompletedMfa() ? await signIn.UserManager.GetUserAsync(http.User) : null;
        if (user is not null) await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        if (user is not null) await events.RecordAsync(user.Id, SecurityActions.Logout, permitted: true, ct: ct);
    }
}
