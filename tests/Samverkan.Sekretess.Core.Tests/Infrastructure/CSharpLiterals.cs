using System.Text;

namespace Samverkan.Sekretess.Core.Tests.Infrastructure;

/// <summary>
/// Just enough of a C# lexer for source scans: the plain string literals of a file (regular and verbatim, also those
/// inside interpolation holes) with their offsets, and the code with comments blanked out, so that a scan neither reads a
/// literal inside a comment nor a comment inside a literal. Raw and interpolated strings are skipped as opaque text.
/// </summary>
internal static class CSharpLiterals
{
    public sealed record Literal(string Value, int Start, int Line);

    public static (IReadOnlyList<Literal> Literals, string Code) Scan(string source)
    {
        var lexer = new Lexer(source);
        lexer.Code(stopAtBrace: false);
        return (lexer.Literals, lexer.Masked.ToString());
    }

    private sealed class Lexer(string s)
    {
        private int _i;
        private int[]? _newlines;

        public List<Literal> Literals { get; } = [];

        public StringBuilder Masked { get; } = new(s);

        /// <summary>Code until the end (or, inside an interpolation hole, until its closing brace).</summary>
        public void Code(bool stopAtBrace)
        {
            var depth = 0;
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '/' && Next(1) == '/') Blank(s.IndexOf('\n', _i) is var e and >= 0 ? e : s.Length);
                else if (c == '/' && Next(1) == '*') Blank(s.IndexOf("*/", _i + 2, StringComparison.Ordinal) is var e and >= 0 ? e + 2 : s.Length);
                else if (c == '\'') CharLiteral();
                else if (c is '"' or '$' or '@' && StringStart() is var (dollars, verbatim, quotes) && quotes > 0) String(dollars, verbatim, quotes);
                else if (c == '{') { depth++; _i++; }
                else if (c == '}' && stopAtBrace && depth == 0) return;
                else if (c == '}') { depth--; _i++; }
                else _i++;
            }
        }

        private char Next(int k) => _i + k < s.Length ? s[_i + k] : '\0';

        private void Blank(int end)
        {
            for (var k = _i; k < end; k++) if (Masked[k] != '\n') Masked[k] = ' ';
            _i = end;
        }

        private void CharLiteral()
        {
            for (_i++; _i < s.Length && s[_i] != '\''; _i++) if (s[_i] == '\\') _i++;
            _i++;
        }

        /// <summary>At a string's start: its $ count, whether verbatim, and its opening quote count (0: not a string here).</summary>
        private (int Dollars, bool Verbatim, int Quotes) StringStart()
        {
            var j = _i;
            var (dollars, verbatim) = (0, false);
            for (; j < s.Length && s[j] is '$' or '@'; j++)
            {
                if (s[j] == '$') dollars++;
                else verbatim = true;
            }

            var quotes = 0;
            while (j + quotes < s.Length && s[j + quotes] == '"') quotes++;
            // An identifier like @class, or "" (an empty literal: two quotes that open and close).
            if (quotes == 0) return (0, false, 0);
            return (dollars, verbatim, quotes == 2 ? 1 : quotes);
        }

        private void String(int dollars, bool verbatim, int quotes)
        {
            var start = _i;
            _i += dollars + (verbatim ? 1 : 0);
            if (quotes >= 3)
            {
                // A raw string: opaque up to the same run of quotes.
                var close = s.IndexOf(new string('"', quotes), _i + quotes, StringComparison.Ordinal);
                _i = close < 0 ? s.Length : close + quotes;
                return;
            }

            _i++;
            var value = new StringBuilder();
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '"' && verbatim && Next(1) == '"') { value.Append('"'); _i += 2; }
                else if (c == '"') { _i++; break; }
                else if (c == '\\' && !verbatim) { value.Append(c).Append(Next(1)); _i += 2; }
                else if (c == '{' && dollars > 0 && Next(1) == '{') { _i += 2; }
                else if (c == '{' && dollars > 0) { _i++; Code(stopAtBrace: true); _i++; }
                else { value.Append(c); _i++; }
            }

            if (dollars == 0) Literals.Add(new Literal(value.ToString(), start, LineOf(start)));
        }

        private int LineOf(int offset)
        {
            // Counted once per file, on the first literal; a line is the number of newlines before the offset, plus one.
            _newlines ??= [.. Enumerable.Range(0, s.Length).Where(k => s[k] == '\n')];
            var index = Array.BinarySearch(_newlines, offset);
            return (index < 0 ? ~index : index) + 1;
        }
    }
}
