using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Samverkan.Sekretess.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
