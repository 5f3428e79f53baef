using System.Globalization;
using System.Text;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// Splits a condition into tokens as Go's scanner does for an expression (Teleport's predicate parser reads conditions
/// with go/parser): identifiers, interpreted and raw string literals with Go's escapes, decimal integers, operators.
/// Written by hand because no .NET library reads Go expression syntax; it only has to cover expressions.
/// </summary>
internal static class ConditionLexer
{
    // Longest first, so "&&" is not read as "&" "&".
    private static readonly string[] Symbols =
    [
        "&&", "||", "==", "!=", "<=", ">=", "<-", "&^", "<<", ">>", "...",
        "(", ")", "[", "]", "{", "}", ".", ",", "!", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", ":", ";", "=",
    ];

    /// <summary>The tokens, ending with <see cref="ConditionTokenKind.End"/>.</summary>
    /// <exception cref="ConditionSyntaxException">A character or literal Go would not accept.</exception>
    public static List<ConditionToken> Tokenize(string text)
    {
        var tokens = new List<ConditionToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new ConditionToken(ConditionTokenKind.End, string.Empty, text.Length));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new ConditionToken(ConditionTokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }

                if ((i < text.Length && text[i] == '.') || !text[start..i].All(char.IsAsciiDigit))
                {
                    throw new ConditionSyntaxException(start, "only decimal integer numbers are supported");
                }

                tokens.Add(new ConditionToken(ConditionTokenKind.Int, text[start..i], start));
            }
            else if (c == '"')
            {
                tokens.Add(new ConditionToken(ConditionTokenKind.String, ReadInterpreted(text, ref i), start));
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw new ConditionSyntaxException(start, "raw string literal not terminated");
                }

                // Go drops carriage returns from raw strings.
                tokens.Add(new ConditionToken(ConditionTokenKind.String, text[(i + 1)..end].Replace("\r", string.Empty, StringComparison.Ordinal), start));
                i = end + 1;
            }
            else if (c == '\'')
            {
                throw new ConditionSyntaxException(start, "character literals are not supported; use a \"string\"");
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new ConditionSyntaxException(start, $"unexpected character '{c}'");
                tokens.Add(new ConditionToken(ConditionTokenKind.Symbol, symbol, start));
                i += symbol.Length;
            }
        }
    }

    private static string ReadInterpreted(string text, ref int i)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
            {
                throw new ConditionSyntaxException(start, "string literal not terminated");
            }

            var c = text[i++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (i >= text.Length)
            {
                throw new ConditionSyntaxException(start, "string literal not terminated");
            }

            var escape = text[i++];
            switch (escape)
            {
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case '\\': value.Append('\\'); break;
                case '"': value.Append('"'); break;
                case 'x': value.Append((char)ReadHex(text, ref i, 2, start)); break;
                case 'u': AppendCodePoint(value, ReadHex(text, ref i, 4, start), start); break;
                case 'U': AppendCodePoint(value, ReadHex(text, ref i, 8, start), start); break;
                case >= '0' and <= '7':
                    if (i + 1 >= text.Length || !IsOctal(text[i]) || !IsOctal(text[i + 1]))
                    {
                        throw new ConditionSyntaxException(i - 2, "invalid octal escape in string literal");
                    }

                    var octal = ((escape - '0') * 64) + ((text[i] - '0') * 8) + (text[i + 1] - '0');
                    if (octal > 255)
                    {
                        throw new ConditionSyntaxException(i - 2, "octal escape value above 255");
                    }

                    value.Append((char)octal);
                    i += 2;
                    break;
                default:
                    throw new ConditionSyntaxException(i - 2, $"unknown escape sequence \\{escape}");
            }
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static int ReadHex(string text, ref int i, int digits, int start)
    {
        if (i + digits > text.Length
            || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value < 0)
        {
            throw new ConditionSyntaxException(start, "invalid hexadecimal escape in string literal");
        }

        i += digits;
        return value;
    }

    private static void AppendCodePoint(StringBuilder value, int codePoint, int start)
    {
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw new ConditionSyntaxException(start, "escape sequence is an invalid Unicode code point");
        }

        value.Append(char.ConvertFromUtf32(codePoint));
    }
}
