using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>NIST SP 800-63B password rules, through the app's own UserManager: length 12–128, no composition rules, bundled breached list.</summary>
public sealed class PasswordRulesTests(AppServer app) : IClassFixture<AppServer>
{
    private async Task<IdentityResult> ValidateAsync(string password)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "anna.andersson" };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded) return result;
        }

        return IdentityResult.Success;
    }

    [Theory]
    [InlineData("kort fras", "PasswordTooShort", "minst 12 tecken")]
    [InlineData("kristianstad2024", "PasswordCommon", "för vanligt")]
    [InlineData("Password123!", "PasswordCommon", "för vanligt")]
    [InlineData("123456789012", "PasswordCommon", "för vanligt")]
    [InlineData("qwertyuiop123", "PasswordCommon", "för vanligt")]
    [InlineData("aaaaaaaaaaaaaaaa", "PasswordCommon", "för vanligt")]
    [InlineData("abcdabcdabcdabcd", "PasswordCommon", "för vanligt")]
    [InlineData("mitt namn är anna.andersson", "PasswordContainsUserName", "användarnamnet")]
    public async Task WeakPasswords_AreRefused_WithASwedishMessage(string password, string code, string message)
    {
        var result = await ValidateAsync(password);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Contains(message, error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreThan128Characters_IsRefused_128IsAccepted()
    {
        var tooLong = await ValidateAsync(new string('x', 64) + new string('y', 65));
        Assert.Contains(tooLong.Errors, e => e.Code == "PasswordTooLong" && e.Description.Contains("högst 128", StringComparison.Ordinal));
        var longest = string.Concat(Enumerable.Range(0, 16).Select(i => "ord" + (char)('a' + i) + "fras"))[..128];
        Assert.True((await ValidateAsync(longest)).Succeeded);
    }

    [Theory]
    [InlineData("bara små bokstäver och mellanslag")]
    [InlineData("korvbrödsbagare")]
    [InlineData("Ä ö å är också tillåtna tecken ✓")]
    public async Task LongPassphrases_WithoutCompositionRules_AreAccepted(string password) =>
        Assert.True((await ValidateAsync(password)).Succeeded);

    [Fact]
    public void TheBundledListHasThousandsOfEntries_AndIsCaseInsensitive()
    {
        Assert.True(BreachedPasswordValidator.IsCommon("SOMMAR2026"));
        Assert.True(BreachedPasswordValidator.IsCommon("lösenord123"));
        Assert.False(BreachedPasswordValidator.IsCommon("gurkmajonnäs på tåget"));
    }
}
