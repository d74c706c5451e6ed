using System.Globalization;

namespace Samverkan.Sekretess.Core.Persons;

/// <summary>
/// A validated Swedish personnummer or samordningsnummer (day + 60), normalised to 12 digits.
/// Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN and YYMMDD+NNNN (the plus marks age 100+).
/// </summary>
public readonly record struct PersonalIdentityNumber(string Normalized, DateOnly BirthDate, bool IsCoordinationNumber)
{
    public static bool TryParse(string? input, DateOnly today, out PersonalIdentityNumber result, out string error)
    {
        result = default;
        error = "";
        var text = (input ?? "").Trim();
        var plus = text.Contains('+', StringComparison.Ordinal);
        var digits = text.Replace("-", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal);
        if (digits.Length is not (10 or 12) || !digits.All(char.IsAsciiDigit))
        {
            error = "Ange personnummer med 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.";
            return false;
        }

        string full;
        if (digits.Length == 12)
        {
            full = digits;
        }
        else
        {
            var yy = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var century = (today.Year - yy - (plus ? 100 : 0)) / 100;
            var year = century * 100 + yy;
            if (year > today.Year - (plus ? 100 : 0)) year -= 100;
            full = (year / 100).ToString("D2", CultureInfo.InvariantCulture) + digits;
        }

        var ten = full[2..];
        if (!LuhnValid(ten))
        {
            error = "Kontrollsiffran stämmer inte.";
            return false;
        }

        var y = int.Parse(full[..4], CultureInfo.InvariantCulture);
        var m = int.Parse(full[4..6], CultureInfo.InvariantCulture);
        var d = int.Parse(full[6..8], CultureInfo.InvariantCulture);
        var coordination = d > 60;
        if (coordination) d -= 60;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), m) || y < 1850)
        {
            error = "Datumet i personnumret finns inte.";
            return false;
        }

        var birth = new DateOnly(y, m, d);
        if (birth > today)
        {
            error = "Födelsedatumet ligger i framtiden.";
            return false;
        }

        result = new PersonalIdentityNumber(full, birth, coordination);
        return true;
    }

    /// <summary>Display form ÅÅÅÅMMDD-NNNN.</summary>
    public override string ToString() => $"{Normalized[..8]}-{Normalized[8..]}";

    private static bool LuhnValid(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < tenDigits.Length; i++)
        {
            var v = (tenDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return sum % 10 == 0;
    }
}
