using System.Diagnostics.CodeAnalysis;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A TOML table: keys in the order they were defined, each with its value.</summary>
/// <remarks>Where each key was defined is its value's <see cref="TomlValue.Position"/>.</remarks>
internal sealed class TomlTable(TomlPosition position, TomlTableDefinition definition)
    : TomlValue(TomlValueKind.Table, position)
{
    private readonly OrderedDictionary<string, TomlValue> _entries = new(StringComparer.Ordinal);

    /// <summary>The keys and values in definition order.</summary>
    public IReadOnlyList<KeyValuePair<string, TomlValue>> Entries => _entries;

    /// <summary>How many keys the table has.</summary>
    public int Count => _entries.Count;

    /// <summary>How the table was defined; the parser's redefinition rules read and advance it.</summary>
    internal TomlTableDefinition Definition { get; private set; } = definition;

    /// <summary>The value of <paramref name="key"/>.</summary>
    public TomlValue this[string key] => _entries[key];

    /// <summary>Looks a key up (keys are case-sensitive, as TOML says).</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlValue value) => _entries.TryGetValue(key, out value);

    /// <summary>Adds a key the caller has checked is new.</summary>
    internal void Add(string key, TomlValue value) => _entries.Add(key, value);

    /// <summary>Turns an implicit table into one defined by the <c>[header]</c> at <paramref name="header"/>.</summary>
    internal void DefineByHeader(TomlPosition header)
    {
        Definition = TomlTableDefinition.Header;
        Position = header;
    }

    /// <summary>Marks a table reached by dotted keys, so a later header cannot define it again.</summary>
    internal void DefineByDottedKey() => Definition = TomlTableDefinition.Dotted;

    /// <summary>Makes a finished inline table, and the dotted-key tables inside it, immutable.</summary>
    internal void Freeze()
    {
        Definition = TomlTableDefinition.Inline;
        foreach (var (_, value) in _entries)
        {
            // Nested inline tables froze when they closed; only dotted-key children are still open.
            if (value is TomlTable { Definition: TomlTableDefinition.Dotted } child)
            {
                child.Freeze();
            }
        }
    }
}
