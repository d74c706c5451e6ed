namespace Samverkan.Sekretess.Core.Identity;

/// <summary>The password hash's cost, in one place: the app's Identity setup and the login timing test use it.</summary>
public static class PasswordHashing
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations: ASVS 5.0 Appendix C asks for at least 210,000.</summary>
    public const int Iterations = 210_000;
}
