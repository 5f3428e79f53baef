using System.Globalization;
using System.Text;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>Reads the four TOML string forms: basic, multi-line basic, literal and multi-line literal.</summary>
/// <remarks>
/// Content is taken from the text in runs; the builder is only used once an escape or a CRLF needs rewriting,
/// so a plain string costs one substring.
/// </remarks>
internal sealed class TomlStringReader(TomlCursor cursor)
{
    private readonly StringBuilder _builder = new();
    private int _runStart;

    /// <summary>Reads a string value at <c>"</c> or <c>'</c>, single- or multi-line.</summary>
    public string Read()
    {
        var quote = (char)cursor.Peek();
        return ReadString(quote, IsMultilineOpening(quote));
    }

    /// <summary>Reads a quoted key at <c>"</c> or <c>'</c>; keys are single-line strings only.</summary>
    public string ReadKey()
    {
        var quote = (char)cursor.Peek();
        if (IsMultilineOpening(quote))
        {
            throw cursor.Error("a multi-line string cannot be a key");
        }

        return ReadString(quote, multiline: false);
    }

    private bool IsMultilineOpening(char quote) => cursor.Peek(1) == quote && cursor.Peek(2) == quote;

    private string ReadString(char quote, bool multiline)
    {
        var basic = quote == '"';
        var where = basic ? "a string" : "a literal string";
        cursor.Advance(multiline ? 3 : 1);

        // A newline right after the opening delimiter is not part of the string.
        if (multiline)
        {
            cursor.TryConsumeNewline();
        }

        _builder.Clear();
        _runStart = cursor.Index;
        while (true)
        {
            var c = cursor.Peek();
            if (c == quote)
            {
                if (!multiline)
                {
                    return Close(1);
                }

                var run = CountQuotes(quote);
                if (run >= 3)
                {
                    if (run > 5)
                    {
                        throw cursor.Error("too many quotes: a multi-line string ends at three, and at most two more can precede them");
                    }

                    // Up to two quotes right before the closing three belong to the content.
                    cursor.Advance(run - 3);
                    return Close(3);
                }

                cursor.Advance(run);
            }
            else if (c == '\\' && basic)
            {
                FlushRun();
                ReadEscape(multiline);
                _runStart = cursor.Index;
            }
            else if (c is '\n' or '\r')
            {
                ReadNewline(multiline);
            }
            else if (c == TomlCursor.EndOfText)
            {
                throw cursor.Error("the string is not closed before the end of the file");
            }
            else
            {
                cursor.AdvanceContentCharacter(where);
            }
        }
    }

    private int CountQuotes(char quote)
    {
        var run = 1;
        while (cursor.Peek(run) == quote)
        {
            run++;
        }

        return run;
    }

    // Newlines are normalised to LF, so a value does not depend on how the file was saved.
    private void ReadNewline(bool multiline)
    {
        if (!multiline)
        {
            throw cursor.Error("a single-line string cannot contain a newline; use \"\"\" or ''' for a multi-line string");
        }

        if (cursor.Peek() == '\n')
        {
            cursor.TryConsumeNewline();
            return;
        }

        FlushRun();
        cursor.TryConsumeNewline();
        _builder.Append('\n');
        _runStart = cursor.Index;
    }

    private string Close(int delimiterLength)
    {
        string value;
        if (_builder.Length == 0)
        {
            value = cursor.SliceFrom(_runStart).ToString();
        }
        else
        {
            FlushRun();
            value = _builder.ToString();
        }

        cursor.Advance(delimiterLength);
        return value;
    }

    private void FlushRun() => _builder.Append(cursor.SliceFrom(_runStart));

    private void ReadEscape(bool multiline)
    {
        var position = cursor.Position;
        cursor.Advance();
        var c = cursor.Peek();
        switch (c)
        {
            case 'b': AppendEscaped('\b'); break;
            case 't': AppendEscaped('\t'); break;
            case 'n': AppendEscaped('\n'); break;
            case 'f': AppendEscaped('\f'); break;
            case 'r': AppendEscaped('\r'); break;
            case '"': AppendEscaped('"'); break;
            case '\\': AppendEscaped('\\'); break;
            case 'u': ReadUnicodeEscape(4, position); break;
            case 'U': ReadUnicodeEscape(8, position); break;
            case ' ' or '\t' or '\n' or '\r' when multiline:
                SkipLineEndingBackslash(position);
                break;
            default:
                throw cursor.ErrorAt(
                    position,
                    "invalid escape sequence: backslash followed by " + TomlCursor.Describe(c) + "; valid are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX");
        }
    }

    private void AppendEscaped(char c)
    {
        _builder.Append(c);
        cursor.Advance();
    }

    private void ReadUnicodeEscape(int digits, TomlPosition position)
    {
        cursor.Advance();
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var digit = TomlCharacters.HexValue(cursor.Peek());
            if (digit < 0)
            {
                throw cursor.Error(
                    "expected " + digits.ToString(CultureInfo.InvariantCulture) + " hexadecimal digits in a unicode escape, found " + cursor.DescribeNext());
            }

            // Saturate instead of overflowing: anything above 10FFFF is rejected below either way.
            value = value > 0x10FFFF ? value : (value << 4) | digit;
            cursor.Advance();
        }

        if (!Rune.IsValid(value))
        {
            throw cursor.ErrorAt(position, "the escape is not a Unicode scalar value (surrogates D800-DFFF and values above 10FFFF are not)");
        }

        Span<char> utf16 = stackalloc char[2];
        _builder.Append(utf16[..new Rune(value).EncodeToUtf16(utf16)]);
    }

    // A backslash ending a line removes the newline and all whitespace and newlines after it.
    private void SkipLineEndingBackslash(TomlPosition position)
    {
        cursor.SkipWhitespace();
        if (!cursor.TryConsumeNewline())
        {
            throw cursor.ErrorAt(position, "a backslash followed by whitespace must be the last thing on its line");
        }

        do
        {
            cursor.SkipWhitespace();
        }
        while (cursor.TryConsumeNewline());
    }
}
