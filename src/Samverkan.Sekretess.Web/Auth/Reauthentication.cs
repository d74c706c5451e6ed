using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Auth;

/// <summary>
/// Changing one's own credentials (password, authenticator, recovery codes, passkeys) needs a fresh proof: the password
/// and second factor, or a passkey, within the last five minutes — at sign-in or on <c>/Account/Reauthenticate</c>.
/// A stolen session cookie alone then cannot add the thief's passkey and keep the account (issue 19).
/// </summary>
internal static class Reauthentication
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public const string PagePath = "/Account/Reauthenticate";

    /// <summary>Signed in or re-authenticated within <see cref="Window"/> (and not in the future: a forged or skewed time is stale).</summary>
    public static bool IsFresh(ClaimsPrincipal user, DateTimeOffset now)
    {
        if (!user.HasCompletedMfa()) return false;
        var latest = new[] { MfaClaims.AuthTime, MfaClaims.ReauthTime }
            .Select(type => long.TryParse(user.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (long?)null)
            .Max();
        if (latest is null) return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(latest.Value);
        return age <= Window && age >= -TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// A new cookie for the same session after a re-authentication or a credential change (which changes the security stamp):
    /// the same way of signing in and the same sign-in time (the absolute timeout does not move), plus the new proof's time.
    /// </summary>
    public static async Task ReissueAsync(SignInManager<ApplicationUser> signIn, ApplicationUser user, ClaimsPrincipal current, DateTimeOffset? reauthenticatedAt)
    {
        var claims = current.FindAll(MfaClaims.Amr).Select(c => new Claim(c.Type, c.Value)).ToList();
        if (current.FindFirst(MfaClaims.AuthTime) is { } authTime) claims.Add(new Claim(authTime.Type, authTime.Value));
        var reauth = reauthenticatedAt?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? current.FindFirstValue(MfaClaims.ReauthTime);
        if (reauth is not null) claims.Add(new Claim(MfaClaims.ReauthTime, reauth));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
    }
}

/// <summary>
/// On a page model: every handler (GET and POST) first needs a fresh proof (<see cref="Reauthentication"/>); without it
/// the user is sent to the re-authentication page and comes back to this page afterwards.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class RequireFreshAuthenticationAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!Reauthentication.IsFresh(http.User, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()))
        {
            // Back to the page itself, never to a handler: a half-done ceremony or form is started again.
            var returnUrl = http.Request.PathBase + http.Request.Path;
            context.Result = new RedirectToPageResult(Reauthentication.PagePath, new { ReturnUrl = returnUrl.ToString() });
            return;
        }

        await next();
    }
}
