using System.Globalization;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>
/// A forward-only reader over TOML text that knows the current line, so positions cost nothing until asked for.
/// </summary>
/// <remarks>
/// Newlines are only ever consumed through <see cref="TryConsumeNewline"/>; that keeps the line count right
/// without inspecting every character twice.
/// </remarks>
internal sealed class TomlCursor
{
    /// <summary>What <see cref="Peek()"/> returns past the end of the text.</summary>
    public const int EndOfText = -1;

    private const char ByteOrderMark = '\uFEFF';

    private readonly string _text;
    private int _index;
    private int _line = 1;

    // The column of _columnIndex on the current line, so repeated position look-ups on one long line stay linear.
    private int _columnIndex;
    private int _column = 1;

    /// <summary>Starts at the beginning of <paramref name="text"/>, after a byte order mark if there is one.</summary>
    public TomlCursor(string text, string sourceName)
    {
        _text = text;
        SourceName = sourceName;
        if (text.Length > 0 && text[0] == ByteOrderMark)
        {
            // The mark belongs to the encoding, not to line 1, so it takes no column.
            _index = 1;
            _columnIndex = 1;
        }
    }

    /// <summary>The file path or name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The offset of the next character.</summary>
    public int Index => _index;

    /// <summary>True when all text is consumed.</summary>
    public bool AtEnd => _index >= _text.Length;

    /// <summary>The line and column of the next character.</summary>
    public TomlPosition Position
    {
        get
        {
            for (; _columnIndex < _index; _columnIndex++)
            {
                // A surrogate pair is one code point, and one column in an editor.
                if (!char.IsLowSurrogate(_text[_columnIndex]))
                {
                    _column++;
                }
            }

            return new TomlPosition(_line, _column);
        }
    }

    /// <summary>The next character, or <see cref="EndOfText"/>.</summary>
    public int Peek() => _index < _text.Length ? _text[_index] : EndOfText;

    /// <summary>The character <paramref name="offset"/> places ahead, or <see cref="EndOfText"/>.</summary>
    public int Peek(int offset)
    {
        var at = _index + offset;
        return at < _text.Length ? _text[at] : EndOfText;
    }

    /// <summary>Moves past characters the caller has checked are not newlines.</summary>
    public void Advance(int count = 1) => _index += count;

    /// <summary>True when the text at the cursor starts with <paramref name="value"/>.</summary>
    public bool StartsWith(string value) => _text.AsSpan(_index).StartsWith(value, StringComparison.Ordinal);

    /// <summary>Consumes <paramref name="expected"/> when it is next.</summary>
    public bool TryConsume(char expected)
    {
        if (Peek() != expected)
        {
            return false;
        }

        _index++;
        return true;
    }

    /// <summary>The text from <paramref name="start"/> up to the cursor.</summary>
    public ReadOnlySpan<char> SliceFrom(int start) => _text.AsSpan(start, _index - start);

    /// <summary>Skips spaces and tabs, the only whitespace TOML has within a line.</summary>
    public void SkipWhitespace()
    {
        while (_index < _text.Length && _text[_index] is ' ' or '\t')
        {
            _index++;
        }
    }

    /// <summary>Consumes LF or CRLF; a carriage return on its own is an error.</summary>
    public bool TryConsumeNewline()
    {
        var c = Peek();
        if (c == '\r')
        {
            if (Peek(1) != '\n')
            {
                throw Error("a carriage return must be followed by a line feed");
            }

            _index++;
        }
        else if (c != '\n')
        {
            return false;
        }

        _index++;
        _line++;
        _columnIndex = _index;
        _column = 1;
        return true;
    }

    /// <summary>Skips spaces and tabs and a comment after them, up to (not including) the end of the line.</summary>
    public void SkipWhitespaceAndComment()
    {
        SkipWhitespace();
        if (Peek() != '#')
        {
            return;
        }

        _index++;
        while (_index < _text.Length && _text[_index] is not ('\n' or '\r'))
        {
            AdvanceContentCharacter("a comment");
        }
    }

    /// <summary>
    /// Moves past one character of a comment or string, rejecting control characters other than tab and
    /// unpaired surrogates (a string given to the parser directly has not been through a UTF-8 decoder).
    /// </summary>
    public void AdvanceContentCharacter(string where)
    {
        var c = _text[_index];
        if (c is (< ' ' and not '\t') or '\u007F')
        {
            throw Error("control character " + Describe(c) + " is not allowed in " + where + "; escape it or remove it");
        }

        if (char.IsSurrogate(c))
        {
            if (!char.IsHighSurrogate(c) || _index + 1 >= _text.Length || !char.IsLowSurrogate(_text[_index + 1]))
            {
                throw Error("unpaired surrogate " + Describe(c) + " is not valid Unicode");
            }

            _index++;
        }

        _index++;
    }

    /// <summary>An exception for the next character's position.</summary>
    public TomlParseException Error(string reason) => ErrorAt(Position, reason);

    /// <summary>An exception for <paramref name="position"/>.</summary>
    public TomlParseException ErrorAt(TomlPosition position, string reason) =>
        new(SourceName, position.Line, position.Column, reason);

    /// <summary>Names the next character for an error message ("'x'", "U+0000", "end of file").</summary>
    public string DescribeNext() => Describe(Peek());

    /// <summary>Names a character (or <see cref="EndOfText"/>) for an error message.</summary>
    public static string Describe(int c) => c switch
    {
        EndOfText => "end of file",
        '\n' or '\r' => "end of line",
        > ' ' and < '\u007F' => "'" + (char)c + "'",
        _ => "U+" + c.ToString("X4", CultureInfo.InvariantCulture),
    };
}
