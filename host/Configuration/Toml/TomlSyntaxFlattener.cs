using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>
/// Turns Tomlyn's syntax tree into every table, array and scalar at its full path, each where it was first written.
/// Tomlyn's own model has no positions; the syntax tree has them (0-based), which is what error messages need.
/// </summary>
/// <remarks>
/// The tree is expected to be valid (Tomlyn validated it). On a tree with errors the first definition of a path wins
/// and broken nodes are skipped, so what did parse can still be checked.
/// </remarks>
internal static class TomlSyntaxFlattener
{
    /// <summary>The document's nodes in the order written.</summary>
    /// <param name="document">The parsed document.</param>
    /// <returns>One entry per table, array and scalar.</returns>
    public static IReadOnlyList<TomlEntry> Flatten(DocumentSyntax document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var walker = new Walker();
        walker.KeyValues([], document.KeyValues);
        foreach (var table in document.Tables)
        {
            walker.Table(table);
        }

        return walker.Entries;
    }

    /// <summary>The parts of a key as written and unescaped, with where each starts; null when the key is broken.</summary>
    /// <param name="key">The key syntax.</param>
    /// <returns>The parts, or null.</returns>
    public static IReadOnlyList<(string Name, TextPosition Start)>? Parts(KeySyntax? key)
    {
        if (key?.Key is null || Name(key.Key) is not { } first)
        {
            return null;
        }

        var parts = new List<(string, TextPosition)> { (first, key.Key.Span.Start) };
        foreach (var dotted in key.DotKeys)
        {
            if (dotted.Key is null || Name(dotted.Key) is not { } name)
            {
                return null;
            }

            parts.Add((name, dotted.Key.Span.Start));
        }

        return parts;
    }

    private static string? Name(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text,
        StringValueSyntax quoted => quoted.Value,
        _ => null,
    };

    private sealed class Walker
    {
        private readonly Dictionary<string, int> _defined = new(StringComparer.Ordinal);
        private readonly HashSet<string> _implied = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _tableArrayLengths = new(StringComparer.Ordinal);

        public List<TomlEntry> Entries { get; } = [];

        public void Table(TableSyntaxBase table)
        {
            if (Parts(table.Name) is not { } parts)
            {
                return;
            }

            var start = table.Span.Start;
            var path = new List<TomlPathSegment>();
            for (var i = 0; i < parts.Count; i++)
            {
                path.Add(TomlPathSegment.Of(parts[i].Name));
                var key = PathKey(path);
                var last = i == parts.Count - 1;
                if (last && table is TableArraySyntax)
                {
                    Define(path, TomlEntryKind.Array, null, start, implied: false);
                    var length = _tableArrayLengths.GetValueOrDefault(key);
                    _tableArrayLengths[key] = length + 1;
                    path.Add(TomlPathSegment.At(length));
                    Define(path, TomlEntryKind.Table, null, start, implied: false);
                }
                else if (_tableArrayLengths.TryGetValue(key, out var length))
                {
                    // [a.b] after [[a]] means b in a's latest element.
                    path.Add(TomlPathSegment.At(length - 1));
                }
                else
                {
                    Define(path, TomlEntryKind.Table, null, start, implied: !last);
                }
            }

            KeyValues(path, table.Items);
        }

        public void KeyValues(IReadOnlyList<TomlPathSegment> table, SyntaxList<KeyValueSyntax> keyValues)
        {
            foreach (var keyValue in keyValues)
            {
                KeyValue(table, keyValue);
            }
        }

        private void KeyValue(IReadOnlyList<TomlPathSegment> table, KeyValueSyntax keyValue)
        {
            if (Parts(keyValue.Key) is not { } parts)
            {
                return;
            }

            var path = new List<TomlPathSegment>(table);
            for (var i = 0; i < parts.Count - 1; i++)
            {
                path.Add(TomlPathSegment.Of(parts[i].Name));
                Define(path, TomlEntryKind.Table, null, parts[i].Start, implied: true);
            }

            path.Add(TomlPathSegment.Of(parts[^1].Name));
            if (keyValue.Value is null)
            {
                // A key whose value did not parse is still located, so what is said about it lands on its line.
                Define(path, TomlEntryKind.Scalar, null, parts[^1].Start, implied: false);
                return;
            }

            Value(path, keyValue.Value, parts[^1].Start);
        }

        private void Value(List<TomlPathSegment> path, ValueSyntax value, TextPosition start)
        {
            switch (value)
            {
                case ArraySyntax array:
                    Define(path, TomlEntryKind.Array, null, start, implied: false);
                    var index = 0;
                    foreach (var item in array.Items)
                    {
                        if (item.Value is { } itemValue)
                        {
                            Value([.. path, TomlPathSegment.At(index++)], itemValue, itemValue.Span.Start);
                        }
                    }

                    break;
                case InlineTableSyntax inline:
                    Define(path, TomlEntryKind.Table, null, start, implied: false);
                    foreach (var item in inline.Items)
                    {
                        if (item.KeyValue is { } keyValue)
                        {
                            KeyValue(path, keyValue);
                        }
                    }

                    break;
                case StringValueSyntax or IntegerValueSyntax or FloatValueSyntax or BooleanValueSyntax or DateTimeValueSyntax:
                    Define(path, TomlEntryKind.Scalar, value, start, implied: false);
                    break;
            }
        }

        private void Define(List<TomlPathSegment> path, TomlEntryKind kind, ValueSyntax? value, TextPosition start, bool implied)
        {
            var key = PathKey(path);
            if (_defined.TryGetValue(key, out var existing))
            {
                // A table implied by [a.b] or a.b = 1 is located at its own header once one comes.
                if (!implied && _implied.Remove(key))
                {
                    Entries[existing] = Entries[existing] with { Line = start.Line + 1, Column = start.Column + 1 };
                }

                return;
            }

            _defined.Add(key, Entries.Count);
            if (implied)
            {
                _implied.Add(key);
            }

            Entries.Add(new TomlEntry([.. path], kind, value, start.Line + 1, start.Column + 1));
        }

        private static string PathKey(List<TomlPathSegment> path) => TomlPathSegment.ToIdentity(path);
    }
}
