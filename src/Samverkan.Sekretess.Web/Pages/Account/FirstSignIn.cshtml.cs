using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// First sign-in (or after an administrator's reset): the user name and the one-time code from the systemförvaltare,
/// and a password the user chooses under the usual rules. Success signs nobody in: like the password step it only
/// starts the second-factor step, which for this account is always the forced enrolment of the user's own authenticator
/// (<c>/Account/Enrol</c>). One message for every wrong name or code, so neither can be probed.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Auth.AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class FirstSignInModel(SignInCodes codes) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string NewPassword { get; set; } = "";
    [BindProperty] public string RepeatPassword { get; set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await codes.RedeemAsync(UserName ?? "", Code ?? "", NewPassword ?? "", RepeatPassword ?? "", ct);
        (NewPassword, RepeatPassword) = ("", "");
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            return Page();
        }

        // A new session starts here, holding only the user id, exactly as after the password step.
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        pending.AddClaim(new Claim(ClaimTypes.Name, result.UserId!));
        await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));
        return RedirectToPage("/Account/Enrol");
    }
}
