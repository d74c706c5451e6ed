using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Policy;
using Samverkan.Sekretess.Policy.Explanation;
using Samverkan.Sekretess.Policy.Grounds;

namespace Samverkan.Sekretess.Web.Pages.Policies;

/// <summary>
/// "Regelverket": the rules in force, in their own Swedish words, and the disclosure matrix computed by
/// asking the engine — the same content as <c>samverkan policy explain</c>. Rules are not case content,
/// so every signed-in user may read them.
/// </summary>
public sealed class IndexModel(PolicyProvider policies) : PageModel
{
    public string Version { get; private set; } = "";
    public DisclosureMatrix? Matrix { get; private set; }
    public IReadOnlyList<RuleInfo> Rules { get; private set; } = [];
    public IReadOnlyList<LegalGround> Grounds { get; private set; } = [];

    public void OnGet()
    {
        var set = policies.Current;
        Version = set.Version;
        Matrix = DisclosureMatrix.Build(set);
        Rules = set.Rules;
        Grounds = set.LegalGrounds.Values.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    }
}
