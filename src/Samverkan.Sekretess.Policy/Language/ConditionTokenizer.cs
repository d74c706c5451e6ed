namespace Samverkan.Sekretess.Policy.Language;

/// <summary>A token of a condition line: a word, a quoted literal, an operator or list punctuation.</summary>
internal readonly record struct Token(TokenKind Kind, string Text);

internal enum TokenKind
{
    Word,
    Quoted,
    Operator,
    OpenList,
    CloseList,
    Comma,
}

/// <summary>Splits one condition such as <c>case.status in [oppen, avslutad]</c> into tokens. Runs at load time only.</summary>
internal static class ConditionTokenizer
{
    public static List<Token>? Tokenize(string text, out string? error)
    {
        error = null;
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            switch (c)
            {
                case '[': tokens.Add(new Token(TokenKind.OpenList, "[")); i++; continue;
                case ']': tokens.Add(new Token(TokenKind.CloseList, "]")); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",")); i++; continue;
                case '"' or '\'':
                    var end = text.IndexOf(c, i + 1);
                    if (end < 0) { error = "citattecknet avslutas aldrig"; return null; }
                    tokens.Add(new Token(TokenKind.Quoted, text[(i + 1)..end]));
                    i = end + 1;
                    continue;
            }

            if (c is '=' or '!' or '<' or '>')
            {
                var start = i;
                while (i < text.Length && text[i] is '=' or '!' or '<' or '>') i++;
                tokens.Add(new Token(TokenKind.Operator, text[start..i]));
                continue;
            }

            var wordStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('[' or ']' or ',' or '"' or '\'' or '=' or '!' or '<' or '>')) i++;
            tokens.Add(new Token(TokenKind.Word, text[wordStart..i]));
        }

        return tokens;
    }
}
