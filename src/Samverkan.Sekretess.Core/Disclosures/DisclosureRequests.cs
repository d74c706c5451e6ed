using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Policy;
using Samverkan.Sekretess.Policy.Grounds;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// What a disclosure decision is asked with, in one place for the form (which grounds to offer) and for the decision
/// itself, so the offer and the decision can never disagree about the facts.
/// </summary>
internal static class DisclosureRequests
{
    /// <summary>Attributes the system resolves itself; a form can never set them.</summary>
    private static readonly HashSet<string> Resolved = new(StringComparer.Ordinal)
    {
        PolicyAttributes.DisclosureGround, PolicyAttributes.DisclosureRecipientAuthorityId, PolicyAttributes.DisclosureRecipientKind,
        PolicyAttributes.DisclosureAssessmentProvided, PolicyAttributes.DisclosureSecondApproverRecorded, PolicyAttributes.DisclosureIncludesContactDetails,
        PolicyAttributes.DisclosureInitiative,
    };

    /// <summary>The inputs a ground asks the official for: its required attributes that only a person can answer.</summary>
    public static IReadOnlyList<GroundField> FieldsFor(LegalGround ground, PolicySet policies)
    {
        var info = policies.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        return ground.RequiredAttributes
            .Where(a => (a.StartsWith("disclosure.", StringComparison.Ordinal) && !Resolved.Contains(a)) || a == PolicyAttributes.ContextAcuteDanger)
            .Select(a => info[a])
            .Select(a => new GroundField(a.Name, a.Description, a.Type == "string" ? "choice" : a.Type, a.AllowedValues ?? []))
            .ToList();
    }

    /// <summary>Parties fit when the catalogue names the owner's kind (or any) as discloser and the recipient's kind as recipient.</summary>
    public static bool PartiesFit(LegalGround ground, string ownerKind, string recipientKind) =>
        (ground.Disclosers.Contains("any") || ground.Disclosers.Contains(ownerKind))
        && (ground.Recipients.Contains("any") || ground.Recipients.Contains(recipientKind)
            || (ground.Recipients.Contains("authority") && recipientKind != "ngo"));

    public static bool InForce(LegalGround ground, DateOnly today) =>
        (ground.ValidFrom is null || ground.ValidFrom <= today) && (ground.ValidTo is null || today <= ground.ValidTo);

    public static DecisionRequest Describe(DecisionRequest request, CaseAttributes c, ItemAttributes item, SubjectAttributes subject,
        Guid recipientId, string recipientKind, string ground, string initiative, bool assessmentProvided, bool includeContact)
    {
        request.DescribeItem(c, item, ResourceTypes.Item)
            .DescribeSubject(subject)
            .Set(PolicyAttributes.DisclosureGround, ground)
            .Set(PolicyAttributes.DisclosureRecipientAuthorityId, recipientId.ToString())
            .Set(PolicyAttributes.DisclosureRecipientKind, recipientKind)
            .Set(PolicyAttributes.DisclosureInitiative, initiative)
            .Set(PolicyAttributes.DisclosureAssessmentProvided, assessmentProvided)
            .Set(PolicyAttributes.DisclosureIncludesContactDetails, includeContact)
            .Set(PolicyAttributes.DisclosureSecondApproverRecorded, false);
        return request;
    }

    /// <summary>
    /// Sets the official's answers. Only the fields the ground asks for are accepted, each parsed by its vocabulary type;
    /// anything else is a Swedish error, never a silently ignored value.
    /// </summary>
    public static void SetAnswers(DecisionRequest request, IReadOnlyList<GroundField> fields, IReadOnlyDictionary<string, string> answers)
    {
        foreach (var key in answers.Keys.Where(k => fields.All(f => f.Attribute != k)))
            throw new InvalidCommandException("Formuläret innehåller ett fält som grunden inte frågar efter. Ladda om sidan och försök igen.");
        foreach (var f in fields)
        {
            var value = answers.GetValueOrDefault(f.Attribute)?.Trim() ?? "";
            switch (f.Type)
            {
                case "bool":
                    request.Set(f.Attribute, value == "true");
                    break;
                case "int":
                    if (!long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 0 || n > 1200)
                        throw new InvalidCommandException($"Fyll i ett heltal: {f.Label}");
                    request.Set(f.Attribute, n);
                    break;
                default:
                    if (!f.Choices.Contains(value)) throw new InvalidCommandException($"Välj ett alternativ: {f.Label}");
                    request.Set(f.Attribute, value);
                    break;
            }
        }
    }
}
