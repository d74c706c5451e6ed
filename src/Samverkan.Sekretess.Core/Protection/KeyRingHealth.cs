using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>The state of the Data Protection key ring: key ids, dates and counts only — no data, no personal data.</summary>
/// <param name="DefaultKeyId">The key new ciphertexts are written with (null if none could be used).</param>
/// <param name="DefaultKeyExpires">When that key stops being used for new ciphertexts (it stays readable).</param>
/// <param name="DaysUntilDefaultKeyExpires">Whole days from now; negative once expired.</param>
/// <param name="KeyCount">Keys in the ring, revoked and expired ones included.</param>
/// <param name="RoundTripWorks">A protect/unprotect round trip with the default key succeeded.</param>
/// <param name="CertificateProtected">A certificate is configured and the default key's stored XML is encrypted.</param>
/// <param name="CertificateNotAfter">The protecting certificate's expiry (null without one).</param>
/// <param name="Problems">What an operator must act on, in Swedish; empty when healthy.</param>
public sealed record KeyRingHealthReport(Guid? DefaultKeyId, DateTimeOffset? DefaultKeyExpires, int? DaysUntilDefaultKeyExpires, int KeyCount,
    bool RoundTripWorks, bool CertificateProtected, DateTimeOffset? CertificateNotAfter, IReadOnlyList<string> Problems)
{
    public bool Healthy => Problems.Count == 0;
}

/// <summary>
/// Checks the key ring for the operator (e.g. a recurring job or an administration page): does encryption work, is the
/// ring certificate-protected, and is a key or the certificate about to expire. Read-only apart from the key that
/// Data Protection itself creates when the ring has no usable default key.
/// </summary>
public sealed class KeyRingHealth
{
    public const int KeyWarningDays = 14;
    public const int CertificateWarningDays = 30;
    private const string Purpose = "Samverkan.Sekretess.KeyRingHealth.v1";

    private readonly SekretessDbContext _db;
    private readonly IDataProtector _protector;
    private readonly IKeyManager _keys;
    private readonly KeyRingCertificates _certificates;
    private readonly TimeProvider _clock;

    internal KeyRingHealth(SekretessDbContext db, IDataProtectionProvider provider, IKeyManager keys, KeyRingCertificates certificates, TimeProvider clock)
    {
        _db = db;
        _protector = provider.CreateProtector(Purpose);
        _keys = keys;
        _certificates = certificates;
        _clock = clock;
    }

    public async Task<KeyRingHealthReport> CheckAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var problems = new List<string>();
        var (defaultKeyId, roundTrip) = RoundTrip();
        if (!roundTrip) problems.Add("Kontrollen av kryptering och dekryptering med nyckelringen misslyckades.");

        var keys = _keys.GetAllKeys();
        var defaultKey = keys.FirstOrDefault(k => k.KeyId == defaultKeyId);
        int? days = defaultKey is null ? null : (int)Math.Floor((defaultKey.ExpirationDate - now).TotalDays);
        if (days is < KeyWarningDays)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Standardnyckeln går ut om {days} dagar ({defaultKey!.ExpirationDate:yyyy-MM-dd}). Skapa en ny nyckel (Administration → Nycklar)."));

        var certificate = _certificates.Current;
        var encrypted = false;
        if (certificate is null)
            problems.Add("Nyckelringen skyddas inte av något certifikat (DataProtection:Certificate saknas).");
        else if (defaultKeyId is { } id)
        {
            // XmlKeyManager stores each key under the friendly name "key-{id}".
            var name = "key-" + id.ToString("D", CultureInfo.InvariantCulture);
            var xml = await _db.DataProtectionKeys.AsNoTracking().Where(k => k.FriendlyName == name).Select(k => k.Xml).FirstOrDefaultAsync(ct);
            encrypted = xml is not null && xml.Contains("EncryptedData", StringComparison.Ordinal);
            if (!encrypted) problems.Add("Standardnyckeln är lagrad okrypterad trots att ett certifikat är konfigurerat. Skapa en ny nyckel.");
        }

        DateTimeOffset? notAfter = certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter is { } expiry && (expiry - now).TotalDays < CertificateWarningDays)
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Certifikatet som skyddar nyckelringen går ut {expiry:yyyy-MM-dd} (om {(int)Math.Floor((expiry - now).TotalDays)} dagar). Byt certifikat enligt driftguiden i SECURITY.md."));

        return new KeyRingHealthReport(defaultKeyId, defaultKey?.ExpirationDate, days, keys.Count, roundTrip, encrypted, notAfter, problems);
    }

    private (Guid? KeyId, bool Works) RoundTrip()
    {
        try
        {
            var probe = RandomNumberGenerator.GetHexString(32);
            var cipher = _protector.Protect(probe);
            return (ProtectedPayload.KeyIdOf(cipher), _protector.Unprotect(cipher) == probe);
        }
        catch (CryptographicException)
        {
            return (null, false);
        }
    }
}
