namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>A compiled condition: reads request slots by index, never parses or looks up names.</summary>
internal delegate Tri Condition(DecisionRequest request);

/// <summary>How two numbers (int or datetime ticks) are compared.</summary>
internal enum Comparison
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}
