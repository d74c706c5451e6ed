using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Parses and type-checks one condition line. The grammar is deliberately tiny (see
/// docs/policy-language.md): <c>A</c>, <c>not A</c>, <c>A exists|missing</c>, <c>A ==|!=|&lt;|&lt;=|&gt;|&gt;= B</c>,
/// <c>A [not] in B</c>, <c>A [not] contains [all|any] B</c>. A is always an attribute; B is an
/// attribute, a literal or a list of literals.
/// </summary>
internal sealed class AtomParser(
    ConditionCompiler compiler,
    YamlFile file,
    YamlScalarNode node,
    string text,
    List<Token> tokens,
    HashSet<string> referenced)
{
    /// <summary>Relative evaluation cost, used to test cheap atoms first (safe: Kleene AND/OR are order-independent).</summary>
    public int Cost { get; private set; } = 1;

    /// <summary>Set for literal tests that can be checked inline (see <see cref="Compilation.Guard"/>).</summary>
    public Guard? Guard { get; private set; }

    private readonly record struct Operand(AttributeDefinition? Attribute, List<string>? Literals, bool IsList);

    public Condition? Compile()
    {
        if (tokens[0] is { Kind: TokenKind.Word, Text: "not" } && tokens.Count == 2)
            return BoolAtom(tokens[1], expected: false);
        if (tokens.Count == 1)
            return BoolAtom(tokens[0], expected: true);

        var left = LeftAttribute(tokens[0]);
        if (left is null) return null;

        var op = string.Join(' ', tokens.Skip(1).TakeWhile(t => t.Kind is TokenKind.Word or TokenKind.Operator)
            .Take(3).Select(t => t.Text));
        return MatchOperator(left, op);
    }

    private Condition? MatchOperator(AttributeDefinition left, string opText)
    {
        // Longest operator first: "not contains all" before "not contains" before "not".
        foreach (var (op, length) in Operators)
        {
            if (opText != op && !opText.StartsWith(op + " ", StringComparison.Ordinal)) continue;
            var rest = tokens.Skip(1 + length).ToList();
            if (op is "exists" or "missing")
                return rest.Count == 0 ? Atoms.Exists(left.Slot, op == "exists") : Fail("inget får stå efter 'exists'/'missing'");
            var right = ParseOperand(left, rest);
            if (right is null) return null;
            return op switch
            {
                "==" or "!=" or "<" or "<=" or ">" or ">=" => CompileComparison(left, op, right.Value),
                "in" or "not in" => CompileIn(left, op == "not in", right.Value),
                _ => CompileContains(left, op, right.Value),
            };
        }

        var shown = tokens.Count > 1 ? tokens[1].Text : "";
        return Fail($"okänd operator '{shown}' (tillåtna: ==, !=, <, <=, >, >=, in, not in, contains, not contains, contains all, contains any, exists, missing)");
    }

    private static readonly (string Op, int Length)[] Operators =
    [
        ("not contains all", 3), ("not contains any", 3), ("contains all", 2), ("contains any", 2),
        ("not contains", 2), ("not in", 2), ("contains", 1), ("in", 1),
        ("exists", 1), ("missing", 1), ("==", 1), ("!=", 1), ("<=", 1), (">=", 1), ("<", 1), (">", 1),
    ];

    private Condition? BoolAtom(Token token, bool expected)
    {
        var attr = LeftAttribute(token);
        if (attr is null) return null;
        if (attr.Type == AttributeType.Bool) Guard = new Guard(attr.Slot, expected ? GuardKind.IsTrue : GuardKind.IsFalse, 0, null);
        return attr.Type == AttributeType.Bool
            ? Atoms.BoolIs(attr.Slot, expected)
            : Fail($"'{attr.Name}' är {attr.Type.Name()}, inte bool: skriv en jämförelse, t.ex. '{attr.Name} == värde'");
    }

    private AttributeDefinition? LeftAttribute(Token token)
    {
        if (token.Kind == TokenKind.Word && compiler.Vocabulary.TryGet(token.Text, out var def))
        {
            referenced.Add(def.Name);
            return def;
        }

        if (token.Kind == TokenKind.Word && (compiler.Vocabulary.LooksLikeAttribute(token.Text) || tokens.Count <= 2))
            Fail($"okänt attribut '{token.Text}' (finns inte i vokabulären)");
        else
            Fail($"villkoret måste börja med ett attribut ur vokabulären, inte '{token.Text}'");
        return null;
    }

    private Operand? ParseOperand(AttributeDefinition left, List<Token> rest)
    {
        if (rest.Count == 0) { Fail("värde saknas efter operatorn"); return null; }
        if (rest[0].Kind == TokenKind.OpenList)
        {
            var literals = new List<string>();
            var expectValue = true;
            for (var i = 1; i < rest.Count; i++)
            {
                var t = rest[i];
                if (t.Kind == TokenKind.CloseList && i == rest.Count - 1 && (!expectValue || literals.Count == 0))
                    return literals.Count == 0 ? FailOperand("tom lista") : new Operand(null, literals, true);
                if (expectValue && t.Kind is TokenKind.Word or TokenKind.Quoted) { literals.Add(t.Text); expectValue = false; }
                else if (!expectValue && t.Kind == TokenKind.Comma) expectValue = true;
                else return FailOperand($"oväntat '{t.Text}' i listan");
            }

            return FailOperand("listan avslutas aldrig med ']'");
        }

        if (rest.Count > 1) return FailOperand($"oväntat '{rest[1].Text}' efter värdet");
        var token = rest[0];
        if (token.Kind == TokenKind.Quoted) return new Operand(null, [token.Text], false);
        if (token.Kind != TokenKind.Word) return FailOperand($"oväntat '{token.Text}'");
        if (left.AllowedValues?.Contains(token.Text) == true) return new Operand(null, [token.Text], false);
        if (compiler.Vocabulary.TryGet(token.Text, out var attr))
        {
            referenced.Add(attr.Name);
            return new Operand(attr, null, false);
        }

        if (compiler.Vocabulary.LooksLikeAttribute(token.Text))
            return FailOperand($"okänt attribut '{token.Text}' (finns inte i vokabulären; menar du ett värde, skriv det inom citattecken)");
        return new Operand(null, [token.Text], false);
    }

    private Operand? FailOperand(string message)
    {
        Fail(message);
        return null;
    }

    private Condition? Fail(string message)
    {
        file.Error(node, $"'{text}': {message}");
        return null;
    }

    private Condition? CompileComparison(AttributeDefinition left, string op, Operand right)
    {
        var cmp = op switch { "==" => Comparison.Eq, "!=" => Comparison.Ne, "<" => Comparison.Lt, "<=" => Comparison.Le, ">" => Comparison.Gt, _ => Comparison.Ge };
        var ordering = cmp is not (Comparison.Eq or Comparison.Ne);
        if (left.Type == AttributeType.StringSet)
            return Fail($"'{left.Name}' är en mängd: använd 'contains', 'contains all' eller 'contains any'");
        if (ordering && left.Type is not (AttributeType.Int or AttributeType.DateTime))
            return Fail($"'{op}' kräver int eller datetime, men '{left.Name}' är {left.Type.Name()}");
        if (right.IsList) return Fail($"'{op}' kan inte jämföra med en lista: använd 'in'");

        if (right.Attribute is { } other)
        {
            if (other.Type != left.Type)
                return Fail($"typfel: '{left.Name}' är {left.Type.Name()} men '{other.Name}' är {other.Type.Name()}");
            Cost = 2;
            Guard = left.Type == AttributeType.String
                ? (cmp is Comparison.Eq or Comparison.Ne ? new Guard(left.Slot, cmp == Comparison.Eq ? GuardKind.AttributeEquals : GuardKind.AttributeNotEquals, other.Slot, null) : null)
                : null;
            return left.Type == AttributeType.String
                ? Atoms.StringEqualsAttribute(left.Slot, other.Slot, negate: cmp == Comparison.Ne)
                : Atoms.CompareAttribute(left.Slot, cmp, other.Slot);
        }

        var literal = right.Literals![0];
        if (left.Type == AttributeType.String)
        {
            if (!CheckAllowed(left, [literal])) return null;
            var symbol = compiler.Symbols.Intern(literal);
            Guard = new Guard(left.Slot, cmp == Comparison.Ne ? GuardKind.NotEquals : GuardKind.Equals, symbol, null);
            return Atoms.StringEqualsLiteral(left.Slot, symbol, negate: cmp == Comparison.Ne);
        }
        if (!ConditionCompiler.TryParseNumber(left.Type, literal, out var number))
            return Fail($"typfel: '{literal}' är inte ett giltigt {left.Type.Name()}-värde för '{left.Name}'");
        Guard = new Guard(left.Slot, GuardKind.Compare, 0, null, cmp, number);
        return Atoms.CompareLiteral(left.Slot, cmp, number);
    }

    private Condition? CompileIn(AttributeDefinition left, bool negate, Operand right)
    {
        if (left.Type != AttributeType.String)
            return Fail($"'in' kräver ett string-attribut till vänster, men '{left.Name}' är {left.Type.Name()}");
        if (right.Attribute is { } set)
        {
            Cost = 4;
            return set.Type == AttributeType.StringSet
                ? Atoms.SetContainsAttribute(set.Slot, left.Slot, negate)
                : Fail($"typfel: '{set.Name}' är {set.Type.Name()}, inte set<string>");
        }

        if (!CheckAllowed(left, right.Literals!)) return null;
        int[] symbols = [.. right.Literals!.Select(compiler.Symbols.Intern)];
        Guard = new Guard(left.Slot, negate ? GuardKind.NotIn : GuardKind.In, 0, symbols);
        return Atoms.StringInLiterals(left.Slot, symbols, negate);
    }

    private Condition? CompileContains(AttributeDefinition left, string op, Operand right)
    {
        Cost = 4;   // a hash lookup (or several) instead of an int comparison
        if (left.Type != AttributeType.StringSet)
            return Fail($"'{op}' kräver ett set<string>-attribut till vänster, men '{left.Name}' är {left.Type.Name()}");
        var negate = op.StartsWith("not ", StringComparison.Ordinal);
        var mode = op.EndsWith(" all", StringComparison.Ordinal) ? "all" : op.EndsWith(" any", StringComparison.Ordinal) ? "any" : "one";

        if (right.Attribute is { } other)
        {
            return (mode, other.Type) switch
            {
                ("one", AttributeType.String) => WithGuard(
                    new Guard(left.Slot, negate ? GuardKind.SetNotContainsAttribute : GuardKind.SetContainsAttribute, other.Slot, null),
                    Atoms.SetContainsAttribute(left.Slot, other.Slot, negate)),
                ("all", AttributeType.StringSet) => Atoms.SetContainsAllOf(left.Slot, other.Slot, negate),
                ("any", AttributeType.StringSet) => Atoms.SetContainsAnyOf(left.Slot, other.Slot, negate),
                _ => Fail($"typfel: '{op}' med '{other.Name}' ({other.Type.Name()}); 'contains' tar ett värde, 'contains all/any' en mängd"),
            };
        }

        var literals = right.Literals!;
        if (!CheckAllowed(left, literals)) return null;
        if (mode == "one")
            return right.IsList ? Fail("'contains' tar ett värde; använd 'contains all' eller 'contains any' för en lista") : Atoms.SetContainsLiteral(left.Slot, literals[0], negate);
        return mode == "all"
            ? Atoms.SetContainsAllLiterals(left.Slot, [.. literals], negate)
            : Atoms.SetContainsAnyLiteral(left.Slot, [.. literals], negate);
    }

    private Condition WithGuard(Guard guard, Condition condition)
    {
        Guard = guard;
        return condition;
    }

    private bool CheckAllowed(AttributeDefinition attr, List<string> literals)
    {
        if (attr.AllowedValues is null) return true;
        var ok = true;
        foreach (var literal in literals.Where(l => !attr.AllowedValues.Contains(l)))
        {
            Fail($"'{literal}' är inget tillåtet värde för '{attr.Name}' (tillåtna: {string.Join(", ", attr.AllowedValues)})");
            ok = false;
        }

        return ok;
    }
}
