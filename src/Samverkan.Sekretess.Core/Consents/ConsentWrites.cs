using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Consents;

/// <summary>
/// Documents consents and guardians, and withdraws consents, each in one grant. A consent is one person's, for their own
/// data: the case's own person (with the guardian and maturity rules for a child) or another person of the case (an
/// adult, who consents themself). A withdrawal ends every share that rests on the consent in the same transaction and
/// tells the recipients; the disclosure records themselves stay.
/// </summary>
public sealed class ConsentWrites
{
    private const int MaxText = 2000;
    /// <summary>The largest signed consent form accepted (5 MB, as the page says).</summary>
    public const int MaxAttachmentBytes = 5 * 1024 * 1024;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal ConsentWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
    }

    /// <summary>Records a consent with an id the server makes; <see cref="RecordConsentCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> RecordAsync(ProcessContext context, Guid caseId, RecordConsentCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.ConsentRecord, new AccessTarget.Case(caseId, ResourceTypes.Consent)) with
        {
            Idempotency = ItemWrites.IdempotencyOf(Actions.ConsentRecord, command.RequestId),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async consentId =>
        {
            var c = grant.Case;
            var personId = command.SubjectPersonId ?? c.SubjectPersonId;
            // Each person consents only for their own data, and only a person of this case can be chosen.
            if (personId != c.SubjectPersonId && !(await _resolver.ResolveCasePersonsAsync(c, ct)).Contains(personId))
                throw new InvalidCommandException("Personen är inte part i ärendet. Var och en samtycker bara för sina egna uppgifter.");
            var subject = await _resolver.ResolveSubjectAsync(personId, ct) ?? throw new InvalidCommandException("Personen finns inte.");
            // The guardian and maturity rules are the case's own person's; another person of the case consents as an adult
            // (a child other than the case's person has no guardians recorded here, and the PDP's age rules describe the case's person).
            if (personId != c.SubjectPersonId && subject.Age < 18)
                throw new InvalidCommandException("Ett barn som inte är ärendets person kan inte samtycka här. Dokumentera samtycket i barnets eget ärende.");
            var guardians = personId == c.SubjectPersonId ? await RecordedGuardiansAsync(personId, ct) : [];
            var consent = Validate(command, c, subject, guardians);
            consent.Id = consentId;
            consent.CaseId = caseId;
            consent.RecordedByAuthorityId = grant.Actor.AuthorityId;
            consent.RecordedByUserId = grant.Actor.UserId;
            consent.RecordedAt = _clock.GetUtcNow().UtcDateTime;
            _db.Consents.Add(consent);
            grant.Touch(consentId);
        }, ct);
    }

    public async Task WithdrawAsync(ProcessContext context, Guid consentId, WithdrawConsentCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.ConsentWithdraw, new AccessTarget.Consent(consentId)), ct);
        var note = (command.Note ?? "").Trim();
        if (note.Length > MaxText) throw new InvalidCommandException($"Anteckningen får vara högst {MaxText} tecken.");
        if (grant.Facts.Consent!.Withdrawn) return; // already withdrawn: a doubled submit changes nothing (and leaves no entry)

        await grant.WriteAsync(async () =>
        {
            var caseId = grant.Case.Id;
            var consent = await _db.Consents.SingleAsync(x => x.Id == consentId, ct);
            var now = _clock.GetUtcNow().UtcDateTime;
            consent.WithdrawnAt = now;
            consent.WithdrawnByUserId = grant.Actor.UserId;
            consent.WithdrawalNoteCipher = note.Length == 0 ? null : _fields.Protect(note);
            // Future disclosures are blocked by the PDP (consent.withdrawn); every share resting on this consent ends now,
            // whether it names it as its only consent or as one person's part of several (DisclosureConsents).
            var shares = await _db.Disclosures.Where(d => d.EndedAt == null
                    && (d.ConsentId == consentId || _db.DisclosureConsents.Any(dc => dc.DisclosureId == d.Id && dc.ConsentId == consentId)))
                .ToListAsync(ct);
            foreach (var d in shares)
            {
                d.EndedAt = now;
                d.EndReason = "samtycke återkallat";
            }

            var told = consent.RecipientAuthorityIds.Concat(consent.SenderAuthorityIds).Concat(shares.Select(d => d.RecipientAuthorityId)).Distinct();
            foreach (var recipient in told.Where(a => a != grant.Actor.AuthorityId))
                await _notifier.ToAuthorityAsync(recipient, NotificationKinds.ConsentWithdrawn, caseId, consentId, $"consent.withdrawn:{consentId}:{recipient}", ct);
            grant.Touch(shares.Select(d => d.Id));
        }, ct);
    }

    /// <summary>Records a guardian of the case's own (child) person, with an id the server makes.</summary>
    public async Task<Guid> AddGuardianAsync(ProcessContext context, Guid caseId, AddGuardianCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.GuardianCreate, new AccessTarget.Case(caseId, ResourceTypes.Guardian)) with
        {
            Idempotency = ItemWrites.IdempotencyOf(Actions.GuardianCreate, command.RequestId),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async id =>
        {
            var name = (command.Name ?? "").Trim();
            if (name.Length is 0 or > 200) throw new InvalidCommandException("Ange vårdnadshavarens namn (högst 200 tecken).");
            var subject = await _resolver.ResolveSubjectAsync(grant.Case.SubjectPersonId, ct);
            if (subject is null || subject.Age >= 18) throw new InvalidCommandException("Personen har fyllt 18 och har inga vårdnadshavare.");
            if (subject.CustodianCount >= 2) throw new InvalidCommandException("Två vårdnadshavare är redan registrerade.");
            _db.Guardians.Add(new Guardian
            {
                Id = id, ChildPersonId = grant.Case.SubjectPersonId, NameCipher = _fields.Protect(name),
                RecordedAt = _clock.GetUtcNow().UtcDateTime, RecordedByUserId = grant.Actor.UserId,
            });
            grant.Touch(id);
        }, ct);
    }

    private Task<List<Guid>> RecordedGuardiansAsync(Guid personId, CancellationToken ct) =>
        _db.Guardians.AsNoTracking().Where(g => g.ChildPersonId == personId).Select(g => g.Id).ToListAsync(ct);

    /// <summary>Refuses what can never be a valid consent; whether it covers a given disclosure is the PDP's question.</summary>
    private Consent Validate(RecordConsentCommand command, CaseAttributes c, SubjectAttributes subject, List<Guid> guardians)
    {
        if (command.ValidFrom is not { } from || command.ValidTo is not { } to) throw new InvalidCommandException("Ange från och med vilket datum och till och med vilket datum samtycket gäller.");
        if (to < from) throw new InvalidCommandException("Samtycket kan inte upphöra innan det har börjat gälla.");
        if (to > from.AddYears(3)) throw new InvalidCommandException("Ett samtycke kan gälla högst tre år. Be om ett nytt samtycke i stället.");
        var senders = command.SenderAuthorityIds.Distinct().ToList();
        var recipients = command.RecipientAuthorityIds.Distinct().ToList();
        if (senders.Count == 0) throw new InvalidCommandException("Välj minst en myndighet som får lämna ut uppgifter.");
        if (recipients.Count == 0) throw new InvalidCommandException("Välj minst en namngiven mottagare. Ett samtycke som inte nämner en mottagare ger ingen grund för den.");
        if (senders.Concat(recipients).Any(a => !c.ParticipantAuthorityIds.Contains(a))) throw new InvalidCommandException("Avsändare och mottagare måste vara myndigheter som deltar i ärendet.");
        var categories = command.Categories.Distinct().ToList();
        if (categories.Count == 0) throw new InvalidCommandException("Välj vilka slags uppgifter samtycket gäller.");
        if (categories.Any(k => k != ItemCategories.ActionPlan && ItemCategories.All.All(x => x.Code != k))) throw new InvalidCommandException("Okänd uppgiftskategori.");
        if (command.Form is not { } form || !ConsentForms.All.Contains(form)) throw new InvalidCommandException("Ange om samtycket är skriftligt eller muntligt.");
        if (!command.InformedOfConsequences || !command.InformedOfRightToWithdraw)
            throw new InvalidCommandException("Personen ska ha fått veta vad samtycket innebär och att det kan återkallas när som helst. Bekräfta båda.");
        var chosenGuardians = command.ConsentingGuardianIds.Distinct().ToList();
        if (chosenGuardians.Any(g => !guardians.Contains(g))) throw new InvalidCommandException("Den som har samtyckt är inte registrerad som vårdnadshavare för personen.");
        var maturity = Text(command.MaturityAssessment);
        var exception = Text(command.CustodyException);
        if (subject.Age >= 18)
        {
            if (!command.GivenBySubject) throw new InvalidCommandException("Personen har fyllt 18 och samtycker bara själv. Vårdnadshavares samtycke räcker inte.");
            if (chosenGuardians.Count > 0) throw new InvalidCommandException("Personen har fyllt 18 och har inga vårdnadshavare som kan samtycka.");
        }
        else
        {
            if (!command.GivenBySubject && chosenGuardians.Count == 0) throw new InvalidCommandException("Ange vem som har samtyckt: barnet och/eller vårdnadshavare.");
            if (command.GivenBySubject && maturity is null) throw new InvalidCommandException("När ett barn samtycker ska bedömningen av barnets ålder och mognad i just denna fråga dokumenteras.");
        }

        byte[]? attachment = null;
        if (command.Attachment is { Length: > 0 } file)
        {
            if (file.Length > MaxAttachmentBytes) throw new InvalidCommandException("Bilagan får vara högst 5 MB.");
            if (SniffContentType(file) is not { } type || type != command.AttachmentContentType)
                throw new InvalidCommandException("Bilagan måste vara en PDF-, PNG- eller JPEG-fil.");
            attachment = _fields.ProtectBytes(file);
        }

        return new Consent
        {
            SubjectPersonId = subject.PersonId, SenderAuthorityIds = senders, RecipientAuthorityIds = recipients, Categories = categories,
            Purpose = c.Type,
            ValidFrom = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), ValidTo = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            GivenBySubject = command.GivenBySubject, ConsentingGuardianIds = chosenGuardians,
            MaturityAssessmentCipher = maturity is null ? null : _fields.Protect(maturity),
            CustodyExceptionCipher = exception is null ? null : _fields.Protect(exception),
            Form = form, InformedOfConsequences = true, InformedOfRightToWithdraw = true,
            AttachmentCipher = attachment, AttachmentContentType = attachment is null ? null : command.AttachmentContentType,
        };
    }

    private static string? Text(string? value)
    {
        var t = (value ?? "").Trim();
        if (t.Length > MaxText) throw new InvalidCommandException($"Texten får vara högst {MaxText} tecken.");
        return t.Length == 0 ? null : t;
    }

    /// <summary>Trust the bytes, not the browser's claim.</summary>
    internal static string? SniffContentType(ReadOnlySpan<byte> b) =>
        b.StartsWith("%PDF-"u8) ? "application/pdf"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "image/png"
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;
}
