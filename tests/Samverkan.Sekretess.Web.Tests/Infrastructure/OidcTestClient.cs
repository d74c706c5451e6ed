using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>What a real OAuth client does, over plain HTTP: PKCE, the authorization request, the token request.</summary>
internal static class OidcTestClient
{
    public sealed record Pkce(string Verifier, string Challenge);

    public static Pkce NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(Pkce? pkce, string scope = "openid samverkan.api.read", string state = "s1") =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ApiServer.PublicClient, ["redirect_uri"] = ApiServer.RedirectUri, ["response_type"] = "code",
            ["scope"] = scope, ["state"] = state, ["code_challenge"] = pkce?.Challenge,
            ["code_challenge_method"] = pkce is null ? null : "S256",
        }.Where(p => p.Value is not null));

    /// <summary>The authorization code from the redirect to the client, or null if the server did not issue one.</summary>
    public static string? CodeFrom(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString;
        if (response.StatusCode != HttpStatusCode.Redirect || location is null || !location.StartsWith(ApiServer.RedirectUri, StringComparison.Ordinal)) return null;
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        return query.TryGetValue("code", out var code) ? code.ToString() : null;
    }

    /// <summary>A signed-in browser session (password + second factor) runs the code flow; returns the token response.</summary>
    public static async Task<JsonElement> CodeFlowAsync(HttpClient session, string scope = "openid samverkan.api.read")
    {
        var pkce = NewPkce();
        var code = CodeFrom(await session.GetAsync(AuthorizeUrl(pkce, scope))) ?? throw new InvalidOperationException("No code issued.");
        var response = await RedeemAsync(session, code, pkce.Verifier);
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response);
    }

    public static Task<HttpResponseMessage> RedeemAsync(HttpClient client, string code, string verifier) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = ApiServer.RedirectUri,
            ["client_id"] = ApiServer.PublicClient, ["code_verifier"] = verifier,
        }));

    public static Task<HttpResponseMessage> ClientCredentialsAsync(HttpClient client, string clientId, string secret = ApiServer.Secret,
        string scope = "samverkan.api.read") =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));

    public static async Task<string> SystemTokenAsync(HttpClient client, string clientId)
    {
        var response = await ClientCredentialsAsync(client, clientId);
        response.EnsureSuccessStatusCode();
        return (await JsonAsync(response)).GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> GetWithTokenAsync(HttpClient client, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
