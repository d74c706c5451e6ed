namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>The district map either as a picker (for a select) or as a picture of published counts per district.</summary>
public sealed record DistrictMapModel(bool Picker, string? TargetSelectId, string? Selected, string Label, IReadOnlyDictionary<string, string>? Counts = null,
    IReadOnlyDictionary<string, int>? Shade = null)
{
    /// <summary>A CSS class for the fill: shade-0 … shade-4 by published count, shade-small for "&lt;5".</summary>
    public string ShadeOf(string district) =>
        Shade is null || !Shade.TryGetValue(district, out var s) ? "" : s < 0 ? "shade-small" : "shade-" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The agreement's sub-navigation: which agreement, and which page is current.</summary>
public sealed record AgreementNav(Guid Id, string Current);
