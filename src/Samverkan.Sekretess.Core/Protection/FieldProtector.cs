using Microsoft.AspNetCore.DataProtection;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Encrypts personal identifiers and free text at rest with ASP.NET Core Data Protection.
/// The key ring rotates; old keys stay in the ring, so rotation never makes old data unreadable.
/// </summary>
internal sealed class FieldProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Samverkan.Sekretess.Fields.v1");

    public string Protect(string plain) => _protector.Protect(plain);

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

    /// <summary>Attachments (a signed consent form) under their own purpose string.</summary>
    public byte[] ProtectBytes(byte[] plain) => _attachments.Protect(plain);

    public byte[] UnprotectBytes(byte[] cipher) => _attachments.Unprotect(cipher);

    private readonly IDataProtector _attachments = provider.CreateProtector("Samverkan.Sekretess.Attachments.v1");
}
