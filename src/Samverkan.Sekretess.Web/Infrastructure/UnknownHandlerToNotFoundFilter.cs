using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// A request that names a handler the page does not have (<c>?handler=x</c>), or a method for which the page has handlers
/// but none matched, is a 404 for every page. Razor Pages would otherwise either render the page without running any
/// handler, so a view whose model was never loaded threw (500) or showed an empty form, or quietly run the page's unnamed
/// handler for the unknown name (a POST to <c>/Account/Logout?handler=x</c> logged out).
/// </summary>
internal sealed class UnknownHandlerToNotFoundFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var name = context.RouteData.Values["handler"] as string is { Length: > 0 } routed ? routed : request.Query["handler"].FirstOrDefault();
        if (context.HandlerMethod is { } selected)
        {
            // Razor Pages falls back to the unnamed handler for a name it does not know; only the named one answers a name.
            if (string.IsNullOrEmpty(name) || string.Equals(selected.Name, name, StringComparison.OrdinalIgnoreCase)) return next();
        }
        else
        {
            // HEAD is served by the GET handlers (Razor Pages' own fallback).
            var method = HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method;
            var hasHandlersForMethod = context.ActionDescriptor.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrEmpty(name) && !hasHandlersForMethod) return next();
        }

        context.Result = new NotFoundResult();
        return Task.CompletedTask;
    }
}
