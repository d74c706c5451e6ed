using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>Password sign-in with lockout. One message for every failure, so user names cannot be probed.</summary>
public sealed class LoginModel(SignInManager<ApplicationUser> signIn) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorMessage { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.UserManager.FindByNameAsync(UserName.Trim());
        if (user is not null && !user.Disabled)
        {
            var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Cases");
        }

        ErrorMessage = "Inloggningen misslyckades. Kontrollera användarnamn och lösenord.";
        Password = "";
        return Page();
    }
}
