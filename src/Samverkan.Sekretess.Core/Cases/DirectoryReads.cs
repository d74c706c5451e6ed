using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Public reference data (which authorities exist). Not protected content, so not gated by the PDP.</summary>
public sealed class DirectoryReads
{
    private readonly SekretessDbContext _db;

    internal DirectoryReads(SekretessDbContext db) => _db = db;

    public async Task<IReadOnlyList<AuthorityView>> ListAuthoritiesAsync(CancellationToken ct) =>
        await _db.Authorities.AsNoTracking().OrderBy(a => a.Name).Select(a => new AuthorityView(a.Id, a.Code, a.Name, a.Kind)).ToListAsync(ct);
}
