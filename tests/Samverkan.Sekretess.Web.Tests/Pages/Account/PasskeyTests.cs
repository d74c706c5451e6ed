using System.Net;
using System.Text.Json;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>
/// Passkeys over plain HTTP: the options the server hands to the browser (fresh challenge, this site as relying
/// party, user verification and a discoverable credential required), who may ask for them, and that a forged or
/// out-of-ceremony answer signs nobody in and stores nothing. The full ceremony runs in <see cref="PasskeyBrowserTests"/>.
/// </summary>
public sealed class PasskeyTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task LoginOptions_AreAFreshChallengeForThisSite_RequiringUserVerification()
    {
        using var client = app.CreateClient();
        var first = await OptionsAsync(client, "/Account/Login", "PasskeyOptions");
        var second = await OptionsAsync(client, "/Account/Login", "PasskeyOptions");
        Assert.Equal("localhost", first.GetProperty("rpId").GetString());
        Assert.Equal("required", first.GetProperty("userVerification").GetString());
        var challenge = first.GetProperty("challenge").GetString()!;
        Assert.True(challenge.Length >= 43, "challenge of at least 32 bytes");
        Assert.NotEqual(challenge, second.GetProperty("challenge").GetString());
        // Discoverable login: the server names no credentials, so it reveals nothing about who has one.
        Assert.True(!first.TryGetProperty("allowCredentials", out var allowed) || allowed.GetArrayLength() == 0);
    }

    [Fact]
    public async Task CreationOptions_OnlyForASignedInUser_ForThatUser()
    {
        using var anonymous = app.CreateClient();
        var token = await HttpLogin.TokenFromAsync(anonymous, "/Account/Login");
        var refused = await PostAsync(anonymous, "/Account/Passkeys?handler=CreationOptions", token);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Login", refused.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);

        using var pending = app.CreateClient();
        await HttpLogin.PasswordStepAsync(pending, "rektor");
        var halfway = await PostAsync(pending, "/Account/Passkeys?handler=CreationOptions", await HttpLogin.TokenFromAsync(pending, "/Account/Login"));
        Assert.Equal(HttpStatusCode.Redirect, halfway.StatusCode);

        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "rektor");
        var options = await OptionsAsync(client, "/Account/Passkeys", "CreationOptions");
        Assert.Equal("localhost", options.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal("rektor", options.GetProperty("user").GetProperty("name").GetString());
        var selection = options.GetProperty("authenticatorSelection");
        Assert.Equal("required", selection.GetProperty("userVerification").GetString());
        Assert.Equal("required", selection.GetProperty("residentKey").GetString());
        Assert.Contains(options.GetProperty("pubKeyCredParams").EnumerateArray(), p => p.GetProperty("alg").GetInt32() == -7);
    }

    [Fact]
    public async Task ForgedAssertion_OrOneWithoutACeremony_SignsNobodyIn()
    {
        using var client = app.CreateClient();
        var forged = JsonSerializer.Serialize(new
        {
            id = "AAAA", rawId = "AAAA", type = "public-key",
            response = new { clientDataJSON = "e30", authenticatorData = "AAAA", signature = "AAAA", userHandle = "AAAA" },
            clientExtensionResults = new { },
        });

        var withoutCeremony = await PostPasskeyAsync(client, forged);
        Assert.Equal(HttpStatusCode.OK, withoutCeremony.StatusCode);
        Assert.Contains("Inloggningen med nyckel misslyckades", await withoutCeremony.TextAsync(), StringComparison.Ordinal);

        // A well-formed answer to a real challenge, for a user handle no user has (even one the database cannot store).
        var challenge = (await OptionsAsync(client, "/Account/Login", "PasskeyOptions")).GetProperty("challenge").GetString();
        foreach (var handle in new[] { "AA", Base64Url(System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())) })
        {
            var answer = await PostPasskeyAsync(client, CraftedAssertion(challenge, handle));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Inloggningen med nyckel misslyckades", await answer.TextAsync(), StringComparison.Ordinal);
            await OptionsAsync(client, "/Account/Login", "PasskeyOptions");
        }

        var afterOptions = await PostPasskeyAsync(client, forged);
        Assert.Equal(HttpStatusCode.OK, afterOptions.StatusCode);
        Assert.Contains("Inloggningen med nyckel misslyckades", await afterOptions.TextAsync(), StringComparison.Ordinal);

        var cases = await client.GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, cases.StatusCode);
        Assert.StartsWith("/Account/Login", cases.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        // The ceremony cookie is not a second-factor session: the MFA pages still send the caller back to the login.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Mfa")).StatusCode);
    }

    [Fact]
    public async Task AUserHandleWithANulCharacter_SignsNobodyIn_AndBreaksNoOtherLogin()
    {
        // Six answers: the fifth use of the user lookup is where Npgsql prepares it, and where a NUL used to break the pooled
        // connection, so that the next user's second-factor page answered 500 (Core.Tests Data/NulCharacterGuardTests).
        using var client = app.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            var challenge = (await OptionsAsync(client, "/Account/Login", "PasskeyOptions")).GetProperty("challenge").GetString();
            var answer = await PostPasskeyAsync(client, CraftedAssertion(challenge, "AA"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Inloggningen med nyckel misslyckades", await answer.TextAsync(), StringComparison.Ordinal);
        }

        for (var i = 0; i < 3; i++)
        {
            using var other = app.CreateClient();
            await HttpLogin.LogInAsync(other, "rektor");
        }
    }

    [Fact]
    public async Task ForgedAttestation_StoresNoPasskey()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "skolkurator");
        await OptionsAsync(client, "/Account/Passkeys", "CreationOptions");
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Passkeys");
        var forged = JsonSerializer.Serialize(new
        {
            id = "AAAA", rawId = "AAAA", type = "public-key",
            response = new { clientDataJSON = "e30", attestationObject = "oA" },
            clientExtensionResults = new { },
        });
        var response = await client.PostAsync("/Account/Passkeys?handler=Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CredentialJson"] = forged, ["Name"] = "Falsk", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.TextAsync();
        Assert.Contains("Nyckeln kunde inte läggas till", html, StringComparison.Ordinal);
        Assert.Contains("Du har inga nycklar ännu", html, StringComparison.Ordinal);
    }

    /// <summary>A well-formed assertion for the challenge, signed by nobody, for the given user handle (base64url).</summary>
    private string CraftedAssertion(string? challenge, string userHandle)
    {
        var clientData = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { type = "webauthn.get", challenge, origin = app.BaseUrl }));
        return JsonSerializer.Serialize(new
        {
            id = "AAAA", rawId = "AAAA", type = "public-key",
            response = new { clientDataJSON = clientData, authenticatorData = Base64Url(new byte[37]), signature = "AAAA", userHandle },
            clientExtensionResults = new { },
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<JsonElement> OptionsAsync(HttpClient client, string page, string handler)
    {
        var token = await HttpLogin.TokenFromAsync(client, page);
        var response = await PostAsync(client, page + "?handler=" + handler, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostPasskeyAsync(HttpClient client, string credentialJson)
    {
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Login");
        return await client.PostAsync("/Account/Login?handler=Passkey", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CredentialJson"] = credentialJson, ["__RequestVerificationToken"] = token,
        }));
    }
}
