using Hangfire;
using Samverkan.Sekretess.Core.Identity.Clients;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>Daily: removes OpenID Connect tokens and authorizations that expired or were revoked more than 14 days ago.</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 900)]
public sealed partial class TokenPruningJob(TokenPruning pruning, ILogger<TokenPruningJob> logger)
{
    public const string Id = "token-rensning";

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await pruning.PruneAsync(ct);
        Log(result.TokensRemoved, result.AuthorizationsRemoved);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token pruning: {Tokens} tokens and {Authorizations} authorizations removed")]
    private partial void Log(long tokens, long authorizations);
}
