using Samverkan.Sekretess.Core.Persons;

namespace Samverkan.Sekretess.Core.Tests.Persons;

public sealed class PersonalIdentityNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData("20100505-9801", "201005059801", false)]
    [InlineData("201005059801", "201005059801", false)]
    [InlineData("100505-9801", "201005059801", false)]
    [InlineData("20100565-9808", "201005659808", true)] // samordningsnummer: day + 60
    public void TryParse_ValidNumbers_Normalises(string input, string normalized, bool coordination)
    {
        Assert.True(PersonalIdentityNumber.TryParse(input, Today, out var pin, out var error), error);
        Assert.Equal(normalized, pin.Normalized);
        Assert.Equal(coordination, pin.IsCoordinationNumber);
        Assert.Equal(new DateOnly(2010, 5, 5), pin.BirthDate);
    }

    [Theory]
    [InlineData("20100505-9802", "Kontrollsiffran stämmer inte.")]
    [InlineData("20100505980", "Ange personnummer med 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.")]
    [InlineData("20100505-98O1", "Ange personnummer med 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.")]
    [InlineData("", "Ange personnummer med 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.")]
    public void TryParse_InvalidNumbers_GiveSwedishErrors(string input, string message)
    {
        Assert.False(PersonalIdentityNumber.TryParse(input, Today, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void TryParse_ImpossibleDate_IsRejected()
    {
        // 2010-02-30 with a correct check digit for its digits.
        var nine = "100230980";
        var sum = nine.Select((c, i) => (c - '0') * (i % 2 == 0 ? 2 : 1)).Sum(v => v > 9 ? v - 9 : v);
        var number = "20" + nine + ((10 - sum % 10) % 10);
        Assert.False(PersonalIdentityNumber.TryParse(number, Today, out _, out var error));
        Assert.Equal("Datumet i personnumret finns inte.", error);
    }
}
