using Microsoft.AspNetCore.Identity;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>Identity's messages in Swedish (the UI language). No message repeats the submitted value.</summary>
public sealed class SwedishIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Lösenordet måste vara minst {length} tecken långt. En fras av flera ord är lätt att minnas." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = "Användarnamnet är redan upptaget." };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = "Användarnamnet får bara innehålla a–z, siffror, punkt, bindestreck och understreck." };

    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Fel lösenord." };

    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Koden är ogiltig." };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "Uppgifterna ändrades samtidigt av någon annan. Försök igen." };

    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Ett okänt fel inträffade." };
}
