using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>Waiting for a page the browser was sent to (a link, a redirect after a form post).</summary>
internal static class BrowserNavigation
{
    /// <summary>
    /// Waits until the page's own location matches <paramref name="url"/> and its document has finished loading, asked in
    /// the page. Playwright's WaitForURL hung for its full 30 s now and then after a form post, even when told to wait only
    /// for the commit: the URL had matched and the network was idle, but the client's record of the new document's load
    /// states stayed empty (4 of about 16 journey runs on one machine). A function polled in the page does not depend on
    /// that record, and Playwright re-runs it in each new document. (.NET and JavaScript read these simple patterns alike.)
    /// </summary>
    public static Task WaitForPageAsync(this IPage page, Regex url) => page.WaitForFunctionAsync(
        "pattern => new RegExp(pattern).test(location.href) && document.readyState === 'complete'", url.ToString());
}
