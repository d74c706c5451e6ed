using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;
using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Auth;
using Samverkan.Sekretess.Web.Auth.Oidc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Api;

/// <summary>
/// The read-only API (<c>/api/v1</c>), for access tokens from our own OpenID Connect server. It calls the same
/// Core services as the pages, so the same gateway decides and audits every call: the token's subject is the
/// person (or the client's system actor), and nothing else in the token is trusted. A denied or unknown id is 404.
/// </summary>
internal static class ApiEndpoints
{
    public static void MapSamverkanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(OidcServerSetup.ApiPolicy).AddEndpointFilter(DeniedIsNotFound);
        api.MapGet("/cases", ListCasesAsync);
        api.MapGet("/cases/{caseId:guid}/action-plan", GetActionPlanAsync);
    }

    private static async Task<IResult> ListCasesAsync(HttpContext http, CaseReads reads, string? purpose, CancellationToken ct)
    {
        if (ContextFor(http.User, purpose) is not { } context) return BadPurpose();
        var cases = await reads.ListMyCasesAsync(context, ct);
        return Results.Ok(cases.Select(c => new ApiCase(c.Id, c.Reference, c.Type, c.Status, c.LeadAuthorityName)).ToList());
    }

    private static async Task<IResult> GetActionPlanAsync(HttpContext http, CaseReads reads, Guid caseId, string? purpose, CancellationToken ct)
    {
        if (ContextFor(http.User, purpose) is not { } context) return BadPurpose();
        var plan = await reads.GetActionPlanAsync(context, caseId, ct);
        return Results.Ok(new ApiActionPlan(plan.CaseId, plan.Reference, plan.Status,
            plan.Entries.Select(e => new ApiActionPlanEntry(e.Id, e.What, e.Responsible, e.DueDate, e.Status, e.OwnerAuthorityName)).ToList()));
    }

    /// <summary>
    /// Token → <see cref="ProcessContext"/>: the subject, and whether the person completed the second factor (amr=mfa,
    /// set only by our authorization endpoint). The purpose is declared per call, as on the pages.
    /// </summary>
    internal static ProcessContext? ContextFor(ClaimsPrincipal user, string? purpose)
    {
        purpose ??= Purposes.CaseWork;
        if (!Purposes.All.Contains(purpose)) return null;
        return new ProcessContext(user.GetClaim(Claims.Subject), purpose, user.HasClaim(MfaClaims.Amr, MfaClaims.Mfa));
    }

    private static IResult BadPurpose() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ogiltigt ändamål",
            detail: "purpose ska vara ett av: " + string.Join(", ", Purposes.All));

    /// <summary>The gateway has committed the deny entry before throwing; the caller sees the same 404 as for an id that does not exist.</summary>
    private static async ValueTask<object?> DeniedIsNotFound(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Hittades inte");
        }
    }

    /// <summary>API answers are data, not pages: no HTML status pages for /api and /connect.</summary>
    public static IApplicationBuilder UseNoStatusPagesForApi(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/connect")
             || context.Request.Path.StartsWithSegments("/signin-federation"))
            && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
        await next();
    });
}

public sealed record ApiCase(Guid Id, string Reference, string Type, string Status, string LeadAuthority);

public sealed record ApiActionPlan(Guid CaseId, string Reference, string Status, IReadOnlyList<ApiActionPlanEntry> Entries);

public sealed record ApiActionPlanEntry(Guid Id, string What, string Responsible, DateOnly DueDate, string Status, string OwnerAuthority);
