using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>"Inloggning och säkerhet": where a signed-in user changes their own credentials (each change asks for a fresh proof).</summary>
public sealed class SecurityModel : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public string? Message => Status switch
    {
        "password" => "Ditt lösenord är bytt. Andra inloggningar med ditt konto har avslutats.",
        "authenticator" => "Autentiseringsappen är bytt. Koder från den gamla appen fungerar inte längre.",
        _ => null,
    };
}
