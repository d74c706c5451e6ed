using System.Security.Claims;
using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>Claims → <see cref="ProcessContext"/>. Only the user id crosses; Core resolves all other attributes itself.</summary>
internal static class ProcessContextFactory
{
    public static ProcessContext For(ClaimsPrincipal user, string purpose = Purposes.CaseWork) =>
        new(user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null, purpose);
}
