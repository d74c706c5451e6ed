using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// Client info for audit entries from the HTTP request being served: "web 10.1.2.3", or "api:{client_id} 10.1.2.3" for
/// the token-protected API; "system" outside a request (Hangfire jobs, startup). The address is the connection's
/// (behind a reverse proxy set ForwardedHeaders:KnownProxies so it is the user's: ForwardedHeadersSetup). Staff's client only, never data-subject data.
/// </summary>
internal sealed class HttpAuditClient(IHttpContextAccessor accessor) : IAuditClient
{
    private const int MaxLength = 200;

    public string? Current
    {
        get
        {
            if (accessor.HttpContext is not { } http) return "system";
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "-";
            var channel = http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                ? "api:" + (http.User.FindFirst("client_id")?.Value ?? http.User.FindFirst("azp")?.Value ?? "?")
                : "web";
            var value = channel + " " + address;
            return value.Length > MaxLength ? value[..MaxLength] : value;
        }
    }
}
