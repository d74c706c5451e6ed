namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>A district of the municipality with its outline on the simple SVG map (viewBox 0 0 500 380) and a label position.</summary>
public sealed record District(string Code, string Name, string Points, int LabelX, int LabelY)
{
    /// <summary>One of the small city districts in the middle of the map (drawn with a smaller label).</summary>
    public bool InCity => LabelX is > 160 and < 320 && LabelY is > 100 and < 230;
}

/// <summary>
/// The municipality's districts (stadsdelar och orter) for place-based reporting. The map is a stylised drawing
/// made for this system, not a survey map: no external tile server, nothing fetched at run time.
/// </summary>
public static class Districts
{
    public static readonly IReadOnlyList<District> Kristianstad =
    [
        new("nasby", "Näsby", "160,100 213,102 214,165 161,166", 187, 137),
        new("centrum", "Centrum", "213,102 266,104 267,164 214,165", 240, 137),
        new("osterang", "Österäng", "266,104 320,106 321,163 267,164", 293, 137),
        new("gamlegarden", "Gamlegården", "161,166 214,165 215,229 162,230", 188, 201),
        new("soder", "Söder", "214,165 267,164 268,228 215,229", 241, 201),
        new("vilan", "Vilan", "267,164 321,163 322,227 268,228", 294, 201),
        new("onnestad", "Önnestad", "40,40 200,20 213,102 160,100 161,166 30,160", 105, 95),
        new("fjalkinge", "Fjälkinge", "200,20 340,30 460,80 400,140 321,163 320,106 266,104 213,102", 330, 70),
        new("ahus", "Åhus", "460,80 480,190 440,280 350,260 322,227 321,163 400,140", 405, 200),
        new("degeberga", "Degeberga", "440,280 400,350 268,360 268,228 322,227 350,260", 340, 305),
        new("tollarp", "Tollarp", "268,360 130,340 50,260 30,160 161,166 162,230 215,229 268,228", 135, 270),
    ];

    public static bool IsKnown(string? code) => Kristianstad.Any(d => d.Code == code);

    public static string Name(string code) => Kristianstad.FirstOrDefault(d => d.Code == code)?.Name ?? code;
}
