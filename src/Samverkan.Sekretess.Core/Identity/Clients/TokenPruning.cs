using OpenIddict.Abstractions;

namespace Samverkan.Sekretess.Core.Identity.Clients;

/// <summary>What one pruning run removed.</summary>
public sealed record TokenPruneResult(DateTimeOffset Threshold, long TokensRemoved, long AuthorizationsRemoved);

/// <summary>
/// Removes the OpenID Connect server's dead rows: tokens and authorizations created before the threshold (now − 14
/// days) that are expired, redeemed, revoked or otherwise invalid, and ad-hoc authorizations without tokens — OpenIddict's
/// own PruneAsync rules. Live tokens and valid permanent authorizations stay. Meant to run as a recurring job
/// (no arguments, idempotent: a second run removes nothing new).
/// </summary>
public sealed class TokenPruning
{
    public static readonly TimeSpan Age = TimeSpan.FromDays(14);

    private readonly IOpenIddictTokenManager _tokens;
    private readonly IOpenIddictAuthorizationManager _authorizations;
    private readonly TimeProvider _clock;

    internal TokenPruning(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider clock)
    {
        _tokens = tokens;
        _authorizations = authorizations;
        _clock = clock;
    }

    public async Task<TokenPruneResult> PruneAsync(CancellationToken ct)
    {
        var threshold = _clock.GetUtcNow() - Age;
        // Tokens first: an authorization whose tokens are gone may then be pruned in the same run.
        var tokens = await _tokens.PruneAsync(threshold, ct);
        var authorizations = await _authorizations.PruneAsync(threshold, ct);
        return new TokenPruneResult(threshold, tokens, authorizations);
    }
}
