using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Seeding;

/// <summary>Applies migrations and, when asked, seeds the fictional demo data once (startup only, not a request path).</summary>
public sealed class DatabaseInitializer
{
    private readonly SekretessDbContext _db;
    private readonly UserManager<ApplicationUser> _users;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly AuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly DatabaseGrantOptions _grants;
    private readonly IHostEnvironment? _environment;

    /// <param name="environment">The host's environment; null in tools without a host (benchmark data generator, Core tests).</param>
    internal DatabaseInitializer(SekretessDbContext db, UserManager<ApplicationUser> users, FieldProtector fields,
        PersonalNumberIndexer indexer, AuditLog audit, TimeProvider clock, DatabaseGrantOptions grants, IHostEnvironment? environment)
    {
        _environment = environment;
        _db = db;
        _users = users;
        _fields = fields;
        _indexer = indexer;
        _audit = audit;
        _clock = clock;
        _grants = grants;
    }

    /// <summary>Applies migrations; then, if Database:ApplyGrants is set, the app role's grants (db/scripts, PostgreSQL).</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await _db.Database.MigrateAsync(ct);
        await DatabaseGrants.ApplyAsync(_db, _grants, ct);
    }

    /// <summary>Seeds authorities, one user per persona, fictional persons and cases. Does nothing if already seeded.</summary>
    public async Task SeedDemoDataAsync(CancellationToken ct)
    {
        // A second lock behind Program's startup check: in a hosted Production (or Staging …) app no demo user, and so no
        // user with the published password and TOTP secret, is ever created, whatever called this.
        if (_environment is not null) DemoSeeding.ThrowIfNotAllowed(seedDemoData: true, _environment);
        if (await _db.Authorities.AnyAsync(ct)) return;
        var now = _clock.GetUtcNow().UtcDateTime;
        var authorities = DemoPersonas.Authorities.ToDictionary(a => a.Code,
            a => new Authority { Id = Guid.NewGuid(), Code = a.Code, Name = a.Name, Kind = a.Kind, SecrecyRegime = a.SecrecyRegime });
        _db.Authorities.AddRange(authorities.Values);
        await _db.SaveChangesAsync(ct);

        foreach (var u in DemoPersonas.Users)
        {
            var user = new ApplicationUser
            {
                UserName = u.UserName, DisplayName = u.DisplayName, AuthorityId = authorities[u.AuthorityCode].Id, Role = u.Role,
                Unit = u.Unit, AttributeSource = "demo-seed", AttributesVerifiedAt = now, EmailConfirmed = true, TwoFactorEnabled = true,
            };
            var result = await _users.CreateAsync(user, DemoPersonas.Password);
            // Pre-enrolled second factor with the documented demo secret (Identity's authenticator-key token).
            if (result.Succeeded) result = await _users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", DemoPersonas.TotpSecret);
            if (!result.Succeeded) throw new InvalidOperationException("Seeding a demo user failed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }

        var soc = authorities["soc-kristianstad"].Id;
        var utb = authorities["utb-kristianstad"].Id;
        var polis = authorities["polis-lpo-kristianstad"].Id;
        var year = now.Year.ToString(CultureInfo.InvariantCulture);
        var testa = AddPerson("20100505", "Testa Testsson", now);
        var fiktiv = AddPerson("20091115", "Fiktiva Exempeldotter", now);
        var prov = AddPerson("20060625", "Prov Påhittsson", now, protectedIdentity: true);
        // Joint custody: both guardians of each child are recorded, so consent rules have something real to check.
        AddGuardian(testa, "Tora Testsson", now);
        AddGuardian(testa, "Tage Testsson", now);
        AddGuardian(fiktiv, "Fia Exempeldotter", now);
        AddGuardian(fiktiv, "Frans Exempel", now);
        var sig = AddCase($"SIG-{year}-0001", CaseTypes.Sig, soc, testa, now, [soc],
            (soc, "S1", "Utredning inledd", "Fiktiv demotext: utredning enligt SoL inledd efter orosanmälan."));
        AddPlanEntry(sig, soc, "Inleda utredning och boka nätverksmöte", "Socialsekreteraren", now, 14);
        var sspf = AddCase($"SSPF-{year}-0001", CaseTypes.Sspf, utb, fiktiv, now, [utb, soc],
            (utb, "K1", "Hög frånvaro", "Fiktiv demotext: frånvaro 40 % senaste månaden."),
            (soc, "S1", "Känd hos socialtjänsten", "Fiktiv demotext: pågående insats."));
        AddPlanEntry(sspf, utb, "Närvaroplan med mentor", "Mentor, Österängsskolan", now, 21);
        AddPlanEntry(sspf, soc, "Familjesamtal", "Socialsekreteraren", now, 30);
        var avhopp = AddCase($"AVHOPP-{year}-0001", CaseTypes.Avhopp, soc, prov, now, [soc, polis],
            (soc, "S1", "Beslut om skyddat boende", "Fiktiv demotext: insats beviljad."),
            (polis, "P3", "Hotbedömning", "Fiktiv demotext: hotbilden bedöms som förhöjd."));
        var boende = Guid.NewGuid();
        _db.ItemSubjects.Add(new ItemSubject { ItemId = boende, PersonId = prov });
        _db.InformationItems.Add(new InformationItem
        {
            Id = boende, CaseId = avhopp, OwnerAuthorityId = soc, Category = "X", TitleCipher = _fields.Protect("Boende"),
            TextCipher = _fields.Protect("Fiktiv demotext: placerad i annan kommun."), ContactCipher = _fields.Protect("Fiktivgatan 1, 000 00 Ingenstad"),
            CreatedAt = now, CreatedByUserId = "demo-seed",
        });
        AddPlanEntry(avhopp, polis, "Uppföljande hotbedömning", "Avhopparsamordnaren", now, 10);

        await AgreementSeeder.AddAsync(_db, _fields, now, ct);

        await using var tx = await _db.Database.BeginTransactionAsync(ct);
        await _db.SaveChangesAsync(ct);
        await _audit.AppendAsync(_db, new AuditEntry { ActorRole = "system", Action = "system.seed", ResourceType = "system", Decision = "permit", PolicyVersion = "" }, ct);
        await tx.CommitAsync(ct);
    }

    private void AddGuardian(Guid child, string name, DateTime now) =>
        _db.Guardians.Add(new Guardian { Id = Guid.NewGuid(), ChildPersonId = child, NameCipher = _fields.Protect(name), RecordedAt = now, RecordedByUserId = "demo-seed" });

    private Guid AddPerson(string birthDate, string name, DateTime now, bool protectedIdentity = false)
    {
        // Fictional numbers with a valid check digit; the persons are flagged as test data everywhere.
        var serial = "98" + (birthDate[^1] - '0').ToString(CultureInfo.InvariantCulture);
        var nine = birthDate[2..] + serial;
        var number = birthDate + serial + CheckDigit(nine).ToString(CultureInfo.InvariantCulture);
        if (!PersonalIdentityNumber.TryParse(number, DateOnly.FromDateTime(now), out var pin, out _))
            throw new InvalidOperationException("Demo personnummer is invalid.");
        var person = new Person
        {
            Id = Guid.NewGuid(), PersonalNumberIndex = _indexer.Index(pin.Normalized), PersonalNumberCipher = _fields.Protect(pin.ToString()),
            NameCipher = _fields.Protect(name), BirthYear = pin.BirthDate.Year, IsTestData = true, SkyddadFolkbokforing = protectedIdentity,
        };
        _db.Persons.Add(person);
        return person.Id;
    }

    private void AddPlanEntry(Guid caseId, Guid owner, string what, string responsible, DateTime now, int dueInDays) =>
        _db.ActionPlanEntries.Add(new ActionPlanEntry
        {
            Id = Guid.NewGuid(), CaseId = caseId, OwnerAuthorityId = owner, WhatCipher = _fields.Protect(what), ResponsibleCipher = _fields.Protect(responsible),
            DueDate = DateOnly.FromDateTime(now).AddDays(dueInDays), Status = ActionPlanStatuses.Planned, CreatedAt = now, CreatedByUserId = "demo-seed",
        });

    private Guid AddCase(string reference, string type, Guid lead, Guid subject, DateTime now, Guid[] participants,
        params (Guid Owner, string Category, string Title, string Text)[] items)
    {
        var c = new Case
        {
            Id = Guid.NewGuid(), Reference = reference, Type = type, Status = CaseStatuses.Open, LeadAuthorityId = lead, SubjectPersonId = subject,
            CreatedAt = now, CreatedByUserId = "demo-seed",
            Participants = participants.Select(p => new CaseParticipant { AuthorityId = p }).ToList(),
            Items = items.Select(i => new InformationItem
            {
                Id = Guid.NewGuid(), OwnerAuthorityId = i.Owner, Category = i.Category, TitleCipher = _fields.Protect(i.Title),
                TextCipher = _fields.Protect(i.Text), CreatedAt = now, CreatedByUserId = "demo-seed",
            }).ToList(),
        };
        _db.Cases.Add(c);
        // Every item names the persons it is about: here the case's person.
        _db.ItemSubjects.AddRange(c.Items.Select(i => new ItemSubject { ItemId = i.Id, PersonId = subject }));
        return c.Id;
    }

    private static int CheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return (10 - sum % 10) % 10;
    }
}
