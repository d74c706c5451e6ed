using System.Security.Claims;

namespace Samverkan.Sekretess.Web.Auth;

/// <summary>Claims that record how and when the session was authenticated.</summary>
public static class MfaClaims
{
    /// <summary>Authentication method reference (RFC 8176); Identity sets <c>amr=mfa</c> after a second factor.</summary>
    public const string Amr = "amr";
    public const string Mfa = "mfa";

    /// <summary>RFC 8176 "hwk": proof of possession of a hardware-secured key (a passkey sign-in adds it beside mfa).</summary>
    public const string HardwareKey = "hwk";

    /// <summary>Not in RFC 8176: the sign-in came from a federated identity provider that asserted its own second factor.</summary>
    public const string Federated = "fed";

    /// <summary>Unix seconds of the completed sign-in, for the absolute session timeout.</summary>
    public const string AuthTime = "auth_time";

    /// <summary>Unix seconds of the last re-authentication (password and second factor, or a passkey, again) in this session.</summary>
    public const string ReauthTime = "samverkan:reauth_time";

    /// <summary>Display hint for the menu only; never used for an access decision.</summary>
    public const string MenuHint = "samverkan:menu";

    public static bool HasCompletedMfa(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(Amr, Mfa);
}
