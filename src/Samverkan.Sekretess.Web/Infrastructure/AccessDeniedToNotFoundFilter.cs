using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// A denied access becomes 404: the caller cannot tell "forbidden" from "does not exist".
/// The gateway has already committed the deny entry to the audit log before throwing.
/// </summary>
internal sealed class AccessDeniedToNotFoundFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is AccessDeniedException)
        {
            executed.ExceptionHandled = true;
            executed.Result = new NotFoundResult();
        }
    }
}
