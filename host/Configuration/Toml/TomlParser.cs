using System.Buffers;
using System.Globalization;
using System.Text;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>
/// A TOML 1.0.0 reader: one pass over the text, building the document as it goes and enforcing the rules on
/// where tables and keys may be defined.
/// </summary>
internal sealed class TomlParser
{
    /// <summary>
    /// How deep keys, tables and arrays may nest. Real configurations stay in single digits; the cap keeps
    /// hostile input from exhausting the stack here and in everything that walks the document.
    /// </summary>
    public const int MaxDepth = 128;

    private static readonly SearchValues<char> BareKeyCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly TomlCursor _cursor;
    private readonly TomlStringReader _strings;
    private readonly TomlTable _root = new(new TomlPosition(1, 1), TomlTableDefinition.Implicit);

    // The key being read; reused, and free again once its parent table is found.
    private readonly List<TomlKeySegment> _key = [];

    // The table that key/value lines go to: the root, or the last [header] or [[header]] element.
    private TomlTable _section;
    private int _sectionDepth;

    private TomlParser(string text, string sourceName)
    {
        _cursor = new TomlCursor(text, sourceName);
        _strings = new TomlStringReader(_cursor);
        _section = _root;
    }

    /// <summary>Parses a TOML document.</summary>
    /// <param name="text">The document.</param>
    /// <param name="sourceName">The file path or name that error messages start with.</param>
    /// <returns>The root table.</returns>
    /// <exception cref="TomlParseException">The text is not valid TOML 1.0.0.</exception>
    public static TomlTable Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new TomlParser(text, sourceName).ParseDocument();
    }

    /// <summary>Reads a file as strict UTF-8 and parses it; error messages name <paramref name="path"/> as given.</summary>
    /// <exception cref="FileNotFoundException">The file or its folder does not exist.</exception>
    /// <exception cref="TomlParseException">The file is not valid UTF-8 or not valid TOML 1.0.0.</exception>
    public static TomlTable ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // One exception for both, naming the path as the user wrote it rather than the full path.
            throw new FileNotFoundException("The TOML file " + path + " does not exist.", path, e);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw InvalidUtf8(path, bytes);
        }

        return Parse(text, path);
    }

    // The decoder's exception says little about where; find the first bad byte and report its line and column.
    private static TomlParseException InvalidUtf8(string path, byte[] bytes)
    {
        var offset = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var line = 1;
        var column = 1;
        while (Rune.DecodeFromUtf8(bytes.AsSpan(offset), out var rune, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        var badByte = offset < bytes.Length ? " 0x" + bytes[offset].ToString("X2", CultureInfo.InvariantCulture) : string.Empty;
        return new TomlParseException(path, line, column, "the file is not valid UTF-8 (byte" + badByte + " at offset " + offset.ToString(CultureInfo.InvariantCulture) + ")");
    }

    private TomlTable ParseDocument()
    {
        while (!_cursor.AtEnd)
        {
            _cursor.SkipWhitespace();
            var c = _cursor.Peek();
            if (c == '[')
            {
                ParseHeader();
            }
            else if (c is not ('#' or '\n' or '\r' or TomlCursor.EndOfText))
            {
                ParseKeyValue(_section, _sectionDepth);
            }

            ExpectEndOfLine();
        }

        return _root;
    }

    private void ExpectEndOfLine()
    {
        _cursor.SkipWhitespaceAndComment();
        if (!_cursor.TryConsumeNewline() && !_cursor.AtEnd)
        {
            throw _cursor.Error("expected the end of the line, found " + _cursor.DescribeNext());
        }
    }

    private void ParseHeader()
    {
        var headerPosition = _cursor.Position;
        var arrayOfTables = _cursor.Peek(1) == '[';
        _cursor.Advance(arrayOfTables ? 2 : 1);
        _cursor.SkipWhitespace();
        ReadKey();
        if (!_cursor.TryConsume(']') || (arrayOfTables && !_cursor.TryConsume(']')))
        {
            throw _cursor.Error("expected '" + (arrayOfTables ? "]]" : "]") + "' to close the header, found " + _cursor.DescribeNext());
        }

        var parent = DescendHeader(out var depth);
        var last = _key[^1];
        depth++;
        CheckDepth(depth, headerPosition);
        parent.TryGetValue(last.Name, out var existing);
        if (arrayOfTables)
        {
            var tables = existing switch
            {
                null => AddArrayOfTables(parent, last.Name, headerPosition),
                TomlArray { IsArrayOfTables: true } array => array,
                _ => throw _cursor.ErrorAt(headerPosition, AlreadyDefined(_key.Count, existing)),
            };
            _section = new TomlTable(headerPosition, TomlTableDefinition.Header);
            tables.Add(_section);
            _sectionDepth = depth + 1;
            return;
        }

        if (existing is null)
        {
            _section = new TomlTable(headerPosition, TomlTableDefinition.Header);
            parent.Add(last.Name, _section);
        }
        else if (existing is TomlTable { Definition: TomlTableDefinition.Implicit } implicitTable)
        {
            // [a.b] created 'a' on the way; this [a] is its one definition.
            implicitTable.DefineByHeader(headerPosition);
            _section = implicitTable;
        }
        else
        {
            throw _cursor.ErrorAt(headerPosition, AlreadyDefined(_key.Count, existing));
        }

        _sectionDepth = depth;
    }

    private static TomlTable AddTable(TomlTable parent, TomlKeySegment segment, TomlTableDefinition definition)
    {
        var table = new TomlTable(segment.Position, definition);
        parent.Add(segment.Name, table);
        return table;
    }

    private static TomlArray AddArrayOfTables(TomlTable parent, string name, TomlPosition position)
    {
        var array = new TomlArray(position, isArrayOfTables: true);
        parent.Add(name, array);
        return array;
    }

    // Walks a header's key up to its last part, creating implicit tables; [[x]] parts lead into x's last table.
    private TomlTable DescendHeader(out int depth)
    {
        var table = _root;
        depth = 0;
        for (var i = 0; i < _key.Count - 1; i++)
        {
            var segment = _key[i];
            depth++;
            if (!table.TryGetValue(segment.Name, out var existing))
            {
                table = AddTable(table, segment, TomlTableDefinition.Implicit);
            }
            else if (existing is TomlTable { Definition: not TomlTableDefinition.Inline } child)
            {
                table = child;
            }
            else if (existing is TomlArray { IsArrayOfTables: true } tables)
            {
                table = (TomlTable)tables[^1];
                depth++;
            }
            else
            {
                throw _cursor.ErrorAt(segment.Position, AlreadyDefined(i + 1, existing));
            }
        }

        return table;
    }

    private void ParseKeyValue(TomlTable table, int tableDepth)
    {
        ReadKey();
        var last = _key[^1];
        var depth = tableDepth + _key.Count;
        CheckDepth(depth, last.Position);
        var parent = DescendDottedKey(table);
        if (parent.TryGetValue(last.Name, out var existing))
        {
            throw _cursor.ErrorAt(last.Position, AlreadyDefined(_key.Count, existing));
        }

        if (!_cursor.TryConsume('='))
        {
            throw _cursor.Error("expected '=' after the key, found " + _cursor.DescribeNext());
        }

        _cursor.SkipWhitespace();

        // The key list is free from here on: an inline table or array value reads keys of its own.
        parent.Add(last.Name, ParseValue(last.Position, depth));
    }

    // Walks a dotted key up to its last part; only tables of this section's dotted keys (or still implicit) may be extended.
    private TomlTable DescendDottedKey(TomlTable table)
    {
        for (var i = 0; i < _key.Count - 1; i++)
        {
            var segment = _key[i];
            if (!table.TryGetValue(segment.Name, out var existing))
            {
                table = AddTable(table, segment, TomlTableDefinition.Dotted);
            }
            else if (existing is TomlTable { Definition: TomlTableDefinition.Implicit or TomlTableDefinition.Dotted } child)
            {
                child.DefineByDottedKey();
                table = child;
            }
            else
            {
                throw _cursor.ErrorAt(segment.Position, AlreadyDefined(i + 1, existing));
            }
        }

        return table;
    }

    private void ReadKey()
    {
        _key.Clear();
        while (true)
        {
            var position = _cursor.Position;
            string name;
            if (_cursor.Peek() is '"' or '\'')
            {
                name = _strings.ReadKey();
            }
            else
            {
                var start = _cursor.Index;
                while (BareKeyCharacters.Contains((char)_cursor.Peek()))
                {
                    _cursor.Advance();
                }

                if (_cursor.Index == start)
                {
                    throw _cursor.Error("expected a key, found " + _cursor.DescribeNext());
                }

                name = _cursor.SliceFrom(start).ToString();
            }

            _key.Add(new TomlKeySegment(name, position));
            _cursor.SkipWhitespace();
            if (!_cursor.TryConsume('.'))
            {
                return;
            }

            _cursor.SkipWhitespace();
        }
    }

    private TomlValue ParseValue(TomlPosition position, int depth)
    {
        switch (_cursor.Peek())
        {
            case '"' or '\'':
                return new TomlString(_strings.Read(), position);
            case '[':
                return ParseArray(position, depth);
            case '{':
                return ParseInlineTable(position, depth);
            case 't':
                return ReadBoolean("true", position);
            case 'f':
                return ReadBoolean("false", position);
            case >= '0' and <= '9' when TomlDateTimeReader.IsAtDateOrTime(_cursor):
                return TomlDateTimeReader.Read(_cursor, position);
            case (>= '0' and <= '9') or '+' or '-' or 'i' or 'n':
                return TomlNumberReader.Read(_cursor, position);
            default:
                throw _cursor.Error("expected a value, found " + _cursor.DescribeNext());
        }
    }

    private TomlBoolean ReadBoolean(string literal, TomlPosition position)
    {
        if (!_cursor.StartsWith(literal))
        {
            throw _cursor.Error("expected a value; booleans are true and false, in lowercase");
        }

        _cursor.Advance(literal.Length);
        return new TomlBoolean(literal.Length == 4, position);
    }

    private TomlArray ParseArray(TomlPosition position, int depth)
    {
        _cursor.Advance();
        var array = new TomlArray(position, isArrayOfTables: false);
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (_cursor.TryConsume(']'))
            {
                return array;
            }

            var elementPosition = _cursor.Position;
            CheckDepth(depth + 1, elementPosition);
            array.Add(ParseValue(elementPosition, depth + 1));
            SkipWhitespaceCommentsAndNewlines();
            if (_cursor.TryConsume(']'))
            {
                return array;
            }

            if (!_cursor.TryConsume(','))
            {
                throw _cursor.Error("expected ',' or ']' after an array element, found " + _cursor.DescribeNext());
            }
        }
    }

    private void SkipWhitespaceCommentsAndNewlines()
    {
        do
        {
            _cursor.SkipWhitespaceAndComment();
        }
        while (_cursor.TryConsumeNewline());
    }

    private TomlTable ParseInlineTable(TomlPosition position, int depth)
    {
        _cursor.Advance();
        var table = new TomlTable(position, TomlTableDefinition.Dotted);
        _cursor.SkipWhitespace();
        if (!_cursor.TryConsume('}'))
        {
            while (true)
            {
                ParseKeyValue(table, depth);
                _cursor.SkipWhitespace();
                if (_cursor.TryConsume('}'))
                {
                    break;
                }

                if (!_cursor.TryConsume(','))
                {
                    throw _cursor.Error("expected ',' or '}' in the inline table, found " + _cursor.DescribeNext() + " (an inline table must fit on one line)");
                }

                _cursor.SkipWhitespace();
                if (_cursor.Peek() == '}')
                {
                    throw _cursor.Error("a trailing comma is not allowed in an inline table");
                }
            }
        }

        table.Freeze();
        return table;
    }

    private void CheckDepth(int depth, TomlPosition position)
    {
        if (depth > MaxDepth)
        {
            throw _cursor.ErrorAt(position, "keys, tables and arrays nest deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }
    }

    // "'a.b' is already defined as an inline table at line 3, column 1 ..." for the first 'count' parts of the key.
    private string AlreadyDefined(int count, TomlValue existing)
    {
        var name = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                name.Append('.');
            }

            var part = _key[i].Name;
            var bare = part.Length > 0 && part.AsSpan().IndexOfAnyExcept(BareKeyCharacters) < 0;
            name.Append(bare ? part : "\"" + part + "\"");
        }

        var what = existing switch
        {
            TomlTable { Definition: TomlTableDefinition.Inline } => "an inline table, which cannot be changed after it is written,",
            TomlTable { Definition: TomlTableDefinition.Dotted } => "a table by dotted keys",
            TomlTable => "a table",
            TomlArray { IsArrayOfTables: true } => "an array of tables",
            TomlArray => "an array, which cannot be extended after it is written,",
            TomlString => "a string",
            TomlInteger => "an integer",
            TomlFloat => "a float",
            TomlBoolean => "a boolean",
            _ => "a date-time",
        };
        return "'" + name + "' is already defined as " + what + " at line "
            + existing.Line.ToString(CultureInfo.InvariantCulture) + ", column " + existing.Column.ToString(CultureInfo.InvariantCulture);
    }
}
