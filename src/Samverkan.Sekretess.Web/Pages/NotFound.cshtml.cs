using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Samverkan.Sekretess.Web.Pages;

/// <summary>One message for "does not exist" and "not permitted", so a 404 never reveals that a hidden case exists.</summary>
public sealed class NotFoundModel : PageModel
{
    public void OnGet()
    {
    }
}
