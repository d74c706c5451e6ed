using System.Security.Claims;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// Claims → <see cref="ProcessContext"/>. Only the user id and whether the sign-in used a second factor
/// (the amr claim Identity sets after it) cross; Core resolves all other attributes itself.
/// </summary>
internal static class ProcessContextFactory
{
    public static ProcessContext For(ClaimsPrincipal user, string purpose = Purposes.CaseWork) =>
        user.Identity?.IsAuthenticated == true
            ? new ProcessContext(user.FindFirstValue(ClaimTypes.NameIdentifier), purpose, user.HasCompletedMfa())
            : new ProcessContext(null, purpose);
}
