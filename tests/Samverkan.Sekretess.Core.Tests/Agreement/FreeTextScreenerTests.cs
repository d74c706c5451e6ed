using Samverkan.Sekretess.Core.Agreement.Lagesbild;

namespace Samverkan.Sekretess.Core.Tests.Agreement;

public sealed class FreeTextScreenerTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Theory]
    [InlineData("Bråk vid kiosken, en av dem 20100505-9801 enligt vittne")]
    [InlineData("Uppgift: 100505-9801 sågs vid stationen")]
    [InlineData("Id 201005059801 i samband med klottret")]
    [InlineData("Samordningsnummer 20100565-9808 nämndes")]
    public void Refusal_ValidPersonalOrCoordinationNumber_IsRefused(string text) =>
        Assert.Equal(FreeTextScreener.PersonalNumberMessage, FreeTextScreener.Refusal(text, Today));

    [Theory]
    [InlineData("Kalle och Mohammed sålde narkotika vid skolan")]
    [InlineData("Bråk utanför Annas lägenhet")]
    [InlineData("Ägaren Andersson klagar på klotter")]
    [InlineData("Per Nilsson sågs vid bussen")]
    [InlineData("Johanna upplever otrygghet vid parkeringen")]
    public void Refusal_PersonName_IsRefused(string text)
    {
        var refusal = FreeTextScreener.Refusal(text, Today);

        Assert.Equal(FreeTextScreener.NameMessage, refusal);
        // The message never echoes the text (no personal data in exceptions or logs).
        Assert.DoesNotContain(text.Split(' ')[0], refusal!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Grupp ungdomar samlas vid busstationen, två per vecka, otryggt för butikspersonal.")]
    [InlineData("Krossade rutor på Söder och i Åhus, klotter vid Österängsskolan.")]
    [InlineData("Ring 0441-123456 vid frågor. Ärende 2026-0012, 1234567890 kr.")]
    [InlineData("Dag efter dag samma mönster i Centrum; Bo i området klagar.")]
    [InlineData("SSPF och SIG informerade. Trasig belysning vid Tivoliparken.")]
    public void Refusal_PlaceAndEventText_IsAccepted(string text) => Assert.Null(FreeTextScreener.Refusal(text, Today));

    [Fact]
    public void Refusal_InvalidCheckDigit_IsNotAPersonalNumber() => Assert.Null(FreeTextScreener.Refusal("Nummer 20100505-9802 på skylten", Today));
}
