using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Agreement;

/// <summary>The demo agreement, seeded again after Respawn emptied the tables (the seeding class itself, as startup runs it).</summary>
internal static class AgreementWorld
{
    public static readonly string[] Members = ["kommunpolis", "sspf-samordnare", "fritidsledare", "socialsekreterare", "rektor"];
    public static readonly string[] NonMembers = ["skolkurator", "avhopparsamordnare", "dataskyddsombud", "systemforvaltare", "anonym"];

    public static async Task<Guid> SeedAsync(CoreHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
        await AgreementSeeder.AddAsync(db, scope.ServiceProvider.GetRequiredService<FieldProtector>(), DateTime.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();
        return await db.Agreements.Select(a => a.Id).SingleAsync();
    }
}
