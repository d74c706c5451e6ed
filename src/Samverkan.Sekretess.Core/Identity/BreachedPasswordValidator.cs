using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// Password rules per NIST SP 800-63B §3.1.1.2: at least 12 characters (Identity's own length rule), at
/// most 128, no composition rules, and refusal of passwords that are common, breached-pattern or
/// context-specific (the user name, a repeated pattern). The list is bundled (common-passwords.txt);
/// nothing is looked up over the network.
/// </summary>
public sealed class BreachedPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const int MaximumLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success); // the length rule reports it
        if (password.Length > MaximumLength)
            return Fail("PasswordTooLong", $"Lösenordet får vara högst {MaximumLength} tecken långt.");
        if (IsCommon(password))
            return Fail("PasswordCommon", "Lösenordet är för vanligt eller finns i listor över läckta lösenord. Välj ett annat, gärna en lång fras.");
        var userName = user.UserName;
        if (!string.IsNullOrEmpty(userName) && userName.Length >= 4 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            return Fail("PasswordContainsUserName", "Lösenordet får inte innehålla användarnamnet.");
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>On the bundled list (case-insensitive), or nothing but one short pattern repeated (e.g. "abcabcabcabc").</summary>
    public static bool IsCommon(string password)
    {
        if (Common.Value.Contains(password)) return true;
        for (var period = 1; period <= 4 && period < password.Length; period++)
        {
            var repeated = true;
            for (var i = period; i < password.Length && repeated; i++) repeated = password[i] == password[i % period];
            if (repeated) return true;
        }

        return false;
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static HashSet<string> Load()
    {
        var assembly = typeof(BreachedPasswordValidator).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("common-passwords.txt", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("Password list missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#') set.Add(line);
        }

        return set;
    }
}
