using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Protection;

/// <summary>
/// Key rotation on real PostgreSQL: after a rotation every old ciphertext is still readable; the re-encryption moves
/// fields and second-factor secrets to the new key in batches (partial runs resume, a second run changes nothing);
/// afterwards no ciphertext refers to the old key. TOTP keys and recovery codes are encrypted at rest.
/// </summary>
public sealed class FieldReEncryptionTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Rotation_KeepsOldDataReadable_ThenReEncryptionMovesEverythingToTheNewKey_Resumably()
    {
        var world = await CaseWorld.CreateAsync(host);
        var before = await ReadAsync(world.CaseId);
        await using var scope = host.Services.CreateAsyncScope();
        var rotation = CoreHost.Get<FieldReEncryption>(scope);
        Assert.Equal(0, await rotation.CountRemainingAsync(Ct));
        var oldKey = rotation.CurrentKeyId;

        var newKey = await rotation.RotateKeyAsync(Ct);
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(newKey, rotation.CurrentKeyId);
        var stale = await rotation.CountRemainingAsync(Ct);
        Assert.True(stale >= 4 + 9, $"every ciphertext (case world and the demo users' TOTP keys) is still under the old key: {stale}");
        Assert.Equal(before, await ReadAsync(world.CaseId));
        Assert.Equal(DemoPersonas.TotpSecret, await AuthenticatorKeyAsync("kommunpolis"));

        var partial = await rotation.ReEncryptAsync(batchSize: 1, maxBatches: 1, Ct);
        Assert.InRange(partial.ReEncrypted, 1, 4);
        Assert.Equal(stale - partial.ReEncrypted, partial.Remaining);

        var rest = await rotation.ReEncryptAsync(batchSize: 2, maxBatches: 1000, Ct);
        Assert.Equal(0, rest.Remaining);
        Assert.Equal(stale, partial.ReEncrypted + rest.ReEncrypted);
        Assert.Equal(0, (await rotation.ReEncryptAsync(100, 10, Ct)).ReEncrypted);

        await using (var db = host.NewDbContext())
        {
            var keys = new List<Guid?>();
            keys.AddRange((await db.Persons.Select(p => p.NameCipher).ToListAsync()).Select(ProtectedPayload.KeyIdOf));
            keys.AddRange((await db.Persons.Select(p => p.PersonalNumberCipher).ToListAsync()).Select(ProtectedPayload.KeyIdOf));
            keys.AddRange((await db.InformationItems.Select(i => new[] { i.TitleCipher, i.TextCipher, i.ContactCipher }).ToListAsync())
                .SelectMany(x => x).Where(x => x != null).Select(ProtectedPayload.KeyIdOf));
            keys.AddRange((await db.ActionPlanEntries.Select(e => new[] { e.WhatCipher, e.ResponsibleCipher }).ToListAsync()).SelectMany(x => x).Select(ProtectedPayload.KeyIdOf));
            keys.AddRange((await db.UserTokens.Where(t => t.LoginProvider == "[AspNetUserStore]").Select(t => t.Value).ToListAsync()).Select(ProtectedPayload.KeyIdOf));
            Assert.True(keys.Count >= stale);
            Assert.All(keys, k => Assert.Equal(newKey, k));
        }

        Assert.Equal(before, await ReadAsync(world.CaseId));
        Assert.Equal(DemoPersonas.TotpSecret, await AuthenticatorKeyAsync("kommunpolis"));
    }

    [Fact]
    public async Task TotpKeysAndRecoveryCodes_AreEncryptedAtRest_AndAPlainOneFromBeforeIsReadThenEncrypted()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        var user = (await users.FindByNameAsync("rektor"))!;
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await using (var db = host.NewDbContext())
        {
            var raw = await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == "[AspNetUserStore]").ToDictionaryAsync(t => t.Name, t => t.Value);
            Assert.True(ProtectedPayload.IsProtected(raw["AuthenticatorKey"]));
            Assert.DoesNotContain(DemoPersonas.TotpSecret, raw["AuthenticatorKey"], StringComparison.Ordinal);
            Assert.True(ProtectedPayload.IsProtected(raw["RecoveryCodes"]));
            Assert.DoesNotContain(codes[0], raw["RecoveryCodes"], StringComparison.Ordinal);

            // A value written before the encrypting store existed (plain text in the row).
            var row = await db.UserTokens.SingleAsync(t => t.UserId == user.Id && t.LoginProvider == "[AspNetUserStore]" && t.Name == "AuthenticatorKey");
            row.Value = DemoPersonas.TotpSecret;
            await db.SaveChangesAsync();
        }

        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[0])).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));
        Assert.Equal(DemoPersonas.TotpSecret, await AuthenticatorKeyAsync("rektor"));
        Assert.True(await CoreHost.Get<FieldReEncryption>(scope).CountRemainingAsync(Ct) >= 1);
        await CoreHost.Get<FieldReEncryption>(scope).ReEncryptAsync(100, 10, Ct);
        await using (var db = host.NewDbContext())
        {
            var value = await db.UserTokens.Where(t => t.UserId == user.Id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync();
            Assert.True(ProtectedPayload.IsProtected(value));
        }

        Assert.Equal(DemoPersonas.TotpSecret, await AuthenticatorKeyAsync("rektor"));
    }

    private async Task<string> ReadAsync(Guid caseId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var details = await CoreHost.Get<CaseReads>(scope).GetCaseAsync(await host.AsAsync("socialsekreterare"), caseId, Ct);
        return string.Join("|", new[] { details.SubjectName, details.SubjectPersonalNumber }
            .Concat(details.Items.SelectMany(i => new[] { i.Title, i.Text, i.Contact ?? "" }))
            .Concat(details.ActionPlan.SelectMany(e => new[] { e.What, e.Responsible })));
    }

    private async Task<string?> AuthenticatorKeyAsync(string userName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        return await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(userName))!);
    }
}
