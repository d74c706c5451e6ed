using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>What one re-encryption run did: rows moved to the current key, and ciphertexts still under another key.</summary>
public sealed record ReEncryptionResult(Guid CurrentKeyId, int ReEncrypted, int Remaining);

/// <summary>
/// Key rotation for the encrypted fields and second-factor secrets. <see cref="RotateKeyAsync"/> makes a new Data
/// Protection key the default at once; the old keys stay in the ring, so everything stays readable.
/// <see cref="ReEncryptAsync"/> then moves every ciphertext that is not under the current key to it, in batches:
/// idempotent (a ciphertext already under the current key is never touched), resumable (it keeps no cursor: each batch
/// asks for what is still under another key), and safe against concurrent edits (a row is only rewritten if its
/// ciphertext is still the one that was read). It never returns or logs plaintext. Meant to be scheduled as a job
/// (ids only, no arguments with data) and triggered by an administrator (Administration → Nycklar).
/// </summary>
public sealed class FieldReEncryption
{
    private readonly SekretessDbContext _db;
    private readonly FieldProtector _fields;
    private readonly IDataProtector _secrets;
    private readonly IKeyManager _keys;
    private readonly TimeProvider _clock;

    internal FieldReEncryption(SekretessDbContext db, FieldProtector fields, IDataProtectionProvider provider, IKeyManager keys, TimeProvider clock)
    {
        _db = db;
        _fields = fields;
        _secrets = provider.CreateProtector(SecretProtectingUserStore.Purpose);
        _keys = keys;
        _clock = clock;
    }

    public Guid CurrentKeyId => _fields.CurrentKeyId();

    /// <summary>
    /// Creates a new key, active now and the default from now on (90 days, after which Data Protection rolls its own),
    /// and returns once this instance protects with it. Other instances switch at their next key-ring refresh
    /// (Data Protection refreshes within 24 hours); run the re-encryption again after that to catch what they wrote meanwhile.
    /// </summary>
    public async Task<Guid> RotateKeyAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var key = _keys.CreateNewKey(now, now.AddDays(90));
        // The key ring is refreshed in the background after a change; wait (bounded) until the new key is the default here.
        for (var i = 0; i < 200 && _fields.CurrentKeyId() != key.KeyId; i++) await Task.Delay(TimeSpan.FromMilliseconds(50), _clock, ct);
        return _fields.CurrentKeyId() == key.KeyId ? key.KeyId
            : throw new InvalidOperationException("The new Data Protection key did not become the default key.");
    }

    /// <summary>Re-encrypts up to <paramref name="maxBatches"/> batches of each kind; call again until Remaining is 0.</summary>
    public async Task<ReEncryptionResult> ReEncryptAsync(int batchSize, int maxBatches, CancellationToken ct)
    {
        batchSize = Math.Clamp(batchSize, 1, 1000);
        var prefix = _fields.CurrentKeyPrefix();
        var done = 0;
        for (var i = 0; i < maxBatches; i++)
        {
            var moved = await PersonsAsync(prefix, batchSize, ct) + await ItemsAsync(prefix, batchSize, ct)
                + await PlanEntriesAsync(prefix, batchSize, ct) + await SecretsAsync(batchSize, ct);
            done += moved;
            if (moved == 0) break; // nothing left, or only rows that keep failing (reported as Remaining)
        }

        return new ReEncryptionResult(_fields.CurrentKeyId(), done, await CountRemainingAsync(prefix, ct));
    }

    /// <summary>Ciphertexts (fields and second-factor secrets) not under the current key.</summary>
    public Task<int> CountRemainingAsync(CancellationToken ct) => CountRemainingAsync(_fields.CurrentKeyPrefix(), ct);

    private async Task<int> CountRemainingAsync(string prefix, CancellationToken ct) =>
        await _db.Persons.CountAsync(p => !p.NameCipher.StartsWith(prefix) || !p.PersonalNumberCipher.StartsWith(prefix), ct)
        + await _db.InformationItems.CountAsync(i => !i.TitleCipher.StartsWith(prefix) || !i.TextCipher.StartsWith(prefix)
                                                      || (i.ContactCipher != null && !i.ContactCipher.StartsWith(prefix)), ct)
        + await _db.ActionPlanEntries.CountAsync(e => !e.WhatCipher.StartsWith(prefix) || !e.ResponsibleCipher.StartsWith(prefix), ct)
        + await SecretRows().CountAsync(ct);

    private string Move(string cipher, string prefix) => cipher.StartsWith(prefix, StringComparison.Ordinal) ? cipher : _fields.Protect(_fields.Unprotect(cipher));

    private async Task<int> PersonsAsync(string prefix, int batch, CancellationToken ct)
    {
        var rows = await _db.Persons.AsNoTracking()
            .Where(p => !p.NameCipher.StartsWith(prefix) || !p.PersonalNumberCipher.StartsWith(prefix))
            .OrderBy(p => p.Id).Take(batch).Select(p => new { p.Id, p.NameCipher, p.PersonalNumberCipher }).ToListAsync(ct);
        var moved = 0;
        foreach (var r in rows)
        {
            string name = Move(r.NameCipher, prefix), number = Move(r.PersonalNumberCipher, prefix);
            moved += await _db.Persons.Where(p => p.Id == r.Id && p.NameCipher == r.NameCipher && p.PersonalNumberCipher == r.PersonalNumberCipher)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.NameCipher, name).SetProperty(p => p.PersonalNumberCipher, number), ct);
        }

        return moved;
    }

    private async Task<int> ItemsAsync(string prefix, int batch, CancellationToken ct)
    {
        var rows = await _db.InformationItems.AsNoTracking()
            .Where(i => !i.TitleCipher.StartsWith(prefix) || !i.TextCipher.StartsWith(prefix) || (i.ContactCipher != null && !i.ContactCipher.StartsWith(prefix)))
            .OrderBy(i => i.Id).Take(batch).Select(i => new { i.Id, i.TitleCipher, i.TextCipher, i.ContactCipher }).ToListAsync(ct);
        var moved = 0;
        foreach (var r in rows)
        {
            string title = Move(r.TitleCipher, prefix), text = Move(r.TextCipher, prefix);
            var contact = r.ContactCipher is null ? null : Move(r.ContactCipher, prefix);
            // The concurrency stamp is left alone: the content did not change, so an editor's pending save stays valid.
            moved += await _db.InformationItems
                .Where(i => i.Id == r.Id && i.TitleCipher == r.TitleCipher && i.TextCipher == r.TextCipher && i.ContactCipher == r.ContactCipher)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.TitleCipher, title).SetProperty(i => i.TextCipher, text).SetProperty(i => i.ContactCipher, contact), ct);
        }

        return moved;
    }

    private async Task<int> PlanEntriesAsync(string prefix, int batch, CancellationToken ct)
    {
        var rows = await _db.ActionPlanEntries.AsNoTracking()
            .Where(e => !e.WhatCipher.StartsWith(prefix) || !e.ResponsibleCipher.StartsWith(prefix))
            .OrderBy(e => e.Id).Take(batch).Select(e => new { e.Id, e.WhatCipher, e.ResponsibleCipher }).ToListAsync(ct);
        var moved = 0;
        foreach (var r in rows)
        {
            string what = Move(r.WhatCipher, prefix), responsible = Move(r.ResponsibleCipher, prefix);
            moved += await _db.ActionPlanEntries.Where(e => e.Id == r.Id && e.WhatCipher == r.WhatCipher && e.ResponsibleCipher == r.ResponsibleCipher)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.WhatCipher, what).SetProperty(e => e.ResponsibleCipher, responsible), ct);
        }

        return moved;
    }

    /// <summary>TOTP keys and recovery codes: the secrets' own protector purpose; plain values from before encryption are encrypted too.</summary>
    private IQueryable<Microsoft.AspNetCore.Identity.IdentityUserToken<string>> SecretRows()
    {
        var prefix = ProtectedPayload.KeyPrefixOf(_secrets.Protect(""));
        return _db.UserTokens.Where(t => t.LoginProvider == SecretProtectingUserStore.IdentityLoginProvider
                                         && SecretProtectingUserStore.SecretTokenNames.Contains(t.Name)
                                         && t.Value != null && t.Value != "" && !t.Value.StartsWith(prefix));
    }

    private async Task<int> SecretsAsync(int batch, CancellationToken ct)
    {
        var rows = await SecretRows().AsNoTracking().OrderBy(t => t.UserId).ThenBy(t => t.Name).Take(batch)
            .Select(t => new { t.UserId, t.LoginProvider, t.Name, t.Value }).ToListAsync(ct);
        var moved = 0;
        foreach (var r in rows)
        {
            var plain = ProtectedPayload.IsProtected(r.Value) ? _secrets.Unprotect(r.Value!) : r.Value!;
            var value = _secrets.Protect(plain);
            moved += await _db.UserTokens.Where(t => t.UserId == r.UserId && t.LoginProvider == r.LoginProvider && t.Name == r.Name && t.Value == r.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value), ct);
        }

        return moved;
    }
}
