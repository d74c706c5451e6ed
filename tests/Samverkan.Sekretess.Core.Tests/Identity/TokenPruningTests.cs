using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Identity.Clients;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Core.Tests.Identity;

/// <summary>
/// Pruning the OpenID Connect server's tokens and authorizations on real PostgreSQL through OpenIddict's own managers:
/// dead rows older than 14 days go; live ones, and anything younger than the threshold, stay; a second run removes nothing.
/// </summary>
public sealed class TokenPruningTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Prune_RemovesOldDeadTokensAndAuthorizations_KeepsLiveAndRecentOnes()
    {
        var now = DateTimeOffset.UtcNow;
        await using var scope = host.Services.CreateAsyncScope();
        var tokens = CoreHost.Get<IOpenIddictTokenManager>(scope);
        var authorizations = CoreHost.Get<IOpenIddictAuthorizationManager>(scope);

        var revokedAuthorization = await AuthorizationAsync(authorizations, Statuses.Revoked, now.AddDays(-30));
        var validAuthorization = await AuthorizationAsync(authorizations, Statuses.Valid, now.AddDays(-30));
        var expiredOld = await TokenAsync(tokens, Statuses.Valid, created: now.AddDays(-30), expires: now.AddDays(-29), validAuthorization);
        var redeemedOld = await TokenAsync(tokens, Statuses.Redeemed, created: now.AddDays(-20), expires: now.AddDays(5), validAuthorization);
        var liveOld = await TokenAsync(tokens, Statuses.Valid, created: now.AddDays(-30), expires: now.AddDays(1), validAuthorization);
        var expiredRecent = await TokenAsync(tokens, Statuses.Valid, created: now.AddHours(-2), expires: now.AddHours(-1), validAuthorization);

        var result = await CoreHost.Get<TokenPruning>(scope).PruneAsync(Ct);

        Assert.InRange(result.Threshold, now.AddDays(-14).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(-14));
        Assert.Equal(2, result.TokensRemoved);
        Assert.Equal(1, result.AuthorizationsRemoved);
        // A fresh scope: the pruning deletes in the database, and the creating scope's change tracker still holds the rows.
        await using var check = host.Services.CreateAsyncScope();
        tokens = CoreHost.Get<IOpenIddictTokenManager>(check);
        authorizations = CoreHost.Get<IOpenIddictAuthorizationManager>(check);
        Assert.Null(await tokens.FindByIdAsync(expiredOld, Ct));
        Assert.Null(await tokens.FindByIdAsync(redeemedOld, Ct));
        Assert.NotNull(await tokens.FindByIdAsync(liveOld, Ct));
        Assert.NotNull(await tokens.FindByIdAsync(expiredRecent, Ct));
        Assert.Null(await authorizations.FindByIdAsync(revokedAuthorization, Ct));
        Assert.NotNull(await authorizations.FindByIdAsync(validAuthorization, Ct));

        var again = await CoreHost.Get<TokenPruning>(scope).PruneAsync(Ct);
        Assert.Equal(0, again.TokensRemoved);
        Assert.Equal(0, again.AuthorizationsRemoved);
    }

    private static async Task<string> AuthorizationAsync(IOpenIddictAuthorizationManager manager, string status, DateTimeOffset created)
    {
        var authorization = await manager.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            CreationDate = created, Status = status, Subject = "test-subject", Type = AuthorizationTypes.Permanent,
        }, Ct);
        return (await manager.GetIdAsync(authorization, Ct))!;
    }

    private static async Task<string> TokenAsync(IOpenIddictTokenManager manager, string status, DateTimeOffset created, DateTimeOffset expires, string authorizationId)
    {
        var token = await manager.CreateAsync(new OpenIddictTokenDescriptor
        {
            AuthorizationId = authorizationId, CreationDate = created, ExpirationDate = expires, Status = status, Subject = "test-subject",
            Type = TokenTypeHints.AccessToken,
        }, Ct);
        return (await manager.GetIdAsync(token, Ct))!;
    }
}
