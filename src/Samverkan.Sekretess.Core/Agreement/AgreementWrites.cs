using System.Security.Cryptography;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>Documents of the agreement: the signed agreement and the medborgarlöfte as PDF uploads or as text.</summary>
public sealed class AgreementWrites
{
    /// <summary>Largest accepted upload (the page raises the request limit to just above this).</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;
    public const int MaxTextLength = 50_000;
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly TimeProvider _clock;

    internal AgreementWrites(SekretessDbContext db, AccessGateway gateway, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _clock = clock;
    }

    /// <summary>Adds a document with an id the server makes; the form's <see cref="AddDocumentCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> AddDocumentAsync(ProcessContext context, Guid agreementId, AddDocumentCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.AgreementDocumentCreate, new AccessTarget.Agreement(agreementId, ResourceTypes.AgreementDocument))
            with { Idempotency = ItemWrites.IdempotencyOf(Actions.AgreementDocumentCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(id =>
        {
            var title = (command.Title ?? "").Trim();
            if (DocumentKinds.All.All(k => k.Code != command.Kind)) throw new InvalidCommandException("Välj vilket slags dokument det är.");
            if (title.Length is 0 or > 300) throw new InvalidCommandException("Ange en rubrik (högst 300 tecken).");
            var document = new AgreementDocument
            {
                Id = id, AgreementId = agreementId, Kind = command.Kind, Title = title, UploadedAt = _clock.GetUtcNow().UtcDateTime,
                UploadedByUserId = grant.Actor.UserId, UploadedByAuthorityId = grant.Actor.AuthorityId,
            };
            if (command.Content is { Length: > 0 } content)
            {
                if (content.Length > MaxFileBytes) throw new InvalidCommandException($"Filen är för stor (högst {MaxFileBytes / 1024 / 1024} MB).");
                // The content decides, not the name or the browser's content type.
                if (!content.AsSpan().StartsWith(PdfMagic)) throw new InvalidCommandException("Bara PDF-filer kan laddas upp.");
                document.Content = content;
                document.ContentType = "application/pdf";
                document.SizeBytes = content.Length;
                document.FileName = SafeFileName(command.FileName);
                document.Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            }
            else
            {
                var text = (command.Text ?? "").Trim();
                if (text.Length is 0 or > MaxTextLength) throw new InvalidCommandException($"Ladda upp en PDF-fil eller skriv texten (högst {MaxTextLength} tecken).");
                document.Text = text;
                document.SizeBytes = text.Length;
            }

            _db.AgreementDocuments.Add(document);
            grant.Touch(id);
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>A download name without paths or characters that could break the Content-Disposition header.</summary>
    internal static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileNameWithoutExtension(name ?? "");
        var cleaned = new string(baseName.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').ToArray()).Trim();
        if (cleaned.Length == 0) cleaned = "dokument";
        return (cleaned.Length > 100 ? cleaned[..100] : cleaned) + ".pdf";
    }
}
