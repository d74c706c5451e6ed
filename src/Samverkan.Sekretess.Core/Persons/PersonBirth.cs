using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Persons;

/// <summary>
/// A person's birth date, which is not stored in clear: with it, whoever holds the blind-index key would find a
/// personnummer among about a thousand candidates (serial and check digit) per person. It is read from the encrypted
/// personnummer; only the year is stored in clear (the age bands of the statistics, and all that remains after thinning).
/// </summary>
internal static class PersonBirth
{
    /// <summary>The exact birth date from the decrypted personnummer; 1 January of <paramref name="birthYear"/> once it is thinned.</summary>
    public static DateOnly Of(FieldProtector fields, string personalNumberCipher, int birthYear)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var number = string.IsNullOrEmpty(personalNumberCipher) ? null : fields.Unprotect(personalNumberCipher);
        // A stored number is the 12-digit form, whose century is written out: the reference date does not matter.
        return PersonalIdentityNumber.TryParse(number, DateOnly.MaxValue, out var pin, out _) ? pin.BirthDate : new DateOnly(birthYear, 1, 1);
    }

    /// <summary>Completed years on <paramref name="day"/>.</summary>
    public static int AgeAt(DateOnly birth, DateOnly day) => day.Year - birth.Year - (day < birth.AddYears(day.Year - birth.Year) ? 1 : 0);
}
