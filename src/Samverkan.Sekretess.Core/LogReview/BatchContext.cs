using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>The set-based facts for one scan batch: protected persons, case members and participants, link hashes.</summary>
internal sealed class BatchContext
{
    public HashSet<Guid> ProtectedPersons { get; } = [];
    public HashSet<Guid> KnownCases { get; } = [];
    public HashSet<(Guid Case, string User)> Members { get; } = [];
    public HashSet<(Guid Case, Guid Authority)> Participants { get; } = [];
    private readonly Dictionary<(string Owner, string Kind), string> _hashes = [];

    public bool Linked(string kind, string userId, Guid personId) =>
        _hashes.TryGetValue(("user:" + userId, kind), out var u) && _hashes.TryGetValue(("person:" + personId, kind), out var p) && u == p;

    public static async Task<BatchContext> LoadAsync(SekretessDbContext db, List<Guid> persons, List<Guid> cases, List<string> users,
        LinkIndex links, FieldProtector fields, CancellationToken ct)
    {
        var c = new BatchContext();

        var personRows = await db.Persons.AsNoTracking().Where(p => persons.Contains(p.Id))
            .Select(p => new { p.Id, Protected = p.Sekretessmarkering || p.SkyddadFolkbokforing, p.NameCipher }).ToListAsync(ct);
        c.ProtectedPersons.UnionWith(personRows.Where(p => p.Protected).Select(p => p.Id));
        c.KnownCases.UnionWith(await db.Cases.AsNoTracking().Where(x => cases.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
        foreach (var m in await db.CaseMembers.AsNoTracking().Where(m => cases.Contains(m.CaseId)).Select(m => new { m.CaseId, m.UserId }).ToListAsync(ct))
            c.Members.Add((m.CaseId, m.UserId));
        foreach (var p in await db.CaseParticipants.AsNoTracking().Where(p => cases.Contains(p.CaseId)).Select(p => new { p.CaseId, p.AuthorityId }).ToListAsync(ct))
            c.Participants.Add((p.CaseId, p.AuthorityId));

        // Link hashes: persons' surnames are hashed once, the first time a person appears (decrypted one at a time,
        // straight into the HMAC, never logged); users' display names are not secret and are hashed the same way.
        var personKeys = persons.Select(p => p.ToString()).ToList();
        var existing = await db.LinkHashes.AsNoTracking()
            .Where(h => (h.OwnerType == LinkIndex.PersonOwner && personKeys.Contains(h.OwnerId)) || (h.OwnerType == LinkIndex.UserOwner && users.Contains(h.OwnerId)))
            .Select(h => new { h.OwnerType, h.OwnerId, h.Kind, h.Hash }).ToListAsync(ct);
        foreach (var h in existing) c._hashes[(h.OwnerType + ":" + h.OwnerId, h.Kind)] = h.Hash;
        foreach (var p in personRows.Where(p => !c._hashes.ContainsKey(("person:" + p.Id, LinkIndex.Surname))))
        {
            if (LinkIndex.SurnameOf(fields.Unprotect(p.NameCipher)) is not { } surname) continue;
            var hash = links.Hash(LinkIndex.Surname, surname);
            db.LinkHashes.Add(new LinkHash { OwnerType = LinkIndex.PersonOwner, OwnerId = p.Id.ToString(), Kind = LinkIndex.Surname, Hash = hash });
            c._hashes[("person:" + p.Id, LinkIndex.Surname)] = hash;
        }

        var missingUsers = users.Where(u => !c._hashes.ContainsKey(("user:" + u, LinkIndex.Surname))).ToList();
        foreach (var u in await db.Users.AsNoTracking().Where(u => missingUsers.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
        {
            if (LinkIndex.SurnameOf(u.DisplayName) is not { } surname) continue;
            var hash = links.Hash(LinkIndex.Surname, surname);
            db.LinkHashes.Add(new LinkHash { OwnerType = LinkIndex.UserOwner, OwnerId = u.Id, Kind = LinkIndex.Surname, Hash = hash });
            c._hashes[("user:" + u.Id, LinkIndex.Surname)] = hash;
        }

        return c;
    }
}
