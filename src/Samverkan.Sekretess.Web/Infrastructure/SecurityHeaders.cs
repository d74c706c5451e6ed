namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>Strict headers on every response; sensitive pages must not be cached by browsers or proxies.</summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h["X-Frame-Options"] = "DENY";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!context.Request.Path.StartsWithSegments("/css"))
            {
                h["Cache-Control"] = "no-store";
                h["Pragma"] = "no-cache";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
