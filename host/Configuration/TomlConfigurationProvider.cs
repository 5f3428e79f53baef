using System.Globalization;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Flattens a TOML file into configuration keys (<c>[slack] token</c> becomes <c>slack:token</c>, array elements
/// <c>key:0</c>) and remembers where each key was written and what type it had, for error messages.
/// </summary>
internal sealed class TomlConfigurationProvider : ConfigurationProvider
{
    private static readonly Dictionary<string, ConfigurationKeyLocation> NoLocations = [];
    private static readonly Dictionary<string, string> NoKinds = [];

    /// <summary>Creates the provider; nothing is read until <see cref="Load"/>.</summary>
    /// <param name="path">The file, as the user gave it.</param>
    public TomlConfigurationProvider(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file, as the user gave it.</summary>
    public string Path { get; }

    /// <summary>
    /// Where each key was defined, keyed like <see cref="ConfigurationProvider.Data"/> (ignoring case). Tables have
    /// entries too: <c>slack</c> points at <c>[slack]</c>, or at the first dotted key that created it.
    /// </summary>
    public IReadOnlyDictionary<string, ConfigurationKeyLocation> Locations { get; private set; } = NoLocations;

    /// <summary>
    /// The TOML type of each key: <c>string</c>, <c>integer</c>, <c>float</c>, <c>boolean</c>, <c>datetime</c>
    /// (any of the four date and time kinds), <c>array</c> or <c>table</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ValueKinds { get; private set; } = NoKinds;

    /// <summary>Reads and flattens the file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TomlParseException">The file is not valid UTF-8 or TOML, or two keys differ only by case.</exception>
    public override void Load()
    {
        var root = TomlParser.ParseFile(Path);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var locations = new Dictionary<string, ConfigurationKeyLocation>(StringComparer.OrdinalIgnoreCase);
        var kinds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.Entries)
        {
            Flatten(key, value);
        }

        // Swapped in only once the whole file is read, so a failed reload leaves the last good values.
        Data = data;
        Locations = locations;
        ValueKinds = kinds;

        void Flatten(string key, TomlValue value)
        {
            // TOML keys are case-sensitive and configuration keys are not: keys that would merge are an error, not a coin toss.
            if (locations.TryGetValue(key, out var first))
            {
                throw new TomlParseException(
                    Path,
                    value.Line,
                    value.Column,
                    "configuration key '" + key + "' is also defined at line " + first.Line.ToString(CultureInfo.InvariantCulture)
                    + ", column " + first.Column.ToString(CultureInfo.InvariantCulture) + "; configuration keys ignore case");
            }

            locations.Add(key, new ConfigurationKeyLocation(Path, value.Line, value.Column));
            kinds.Add(key, KindName(value.Kind));
            switch (value)
            {
                case TomlTable table:
                    // An empty table still shows up, so code can tell "section given, all defaults" from "section absent".
                    if (table.Count == 0)
                    {
                        data.Add(key, null);
                    }

                    foreach (var (childKey, child) in table.Entries)
                    {
                        Flatten(ConfigurationPath.Combine(key, childKey), child);
                    }

                    break;
                case TomlArray array:
                    if (array.Count == 0)
                    {
                        data.Add(key, null);
                    }

                    for (var i = 0; i < array.Count; i++)
                    {
                        Flatten(ConfigurationPath.Combine(key, i.ToString(CultureInfo.InvariantCulture)), array[i]);
                    }

                    break;
                default:
                    data.Add(key, FormatScalar(value));
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => nameof(TomlConfigurationProvider) + " for '" + Path + "'";

    private static string FormatScalar(TomlValue value) => value switch
    {
        TomlString s => s.Value,
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),

        // Shortest round-trip form; the invariant culture spells the specials Infinity, -Infinity and NaN.
        TomlFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlOffsetDateTime d => d.Value.ToString("O", CultureInfo.InvariantCulture),

        // Local date-times have no instant to format; their own text, with TOML's optional space or 't' made 'T', is ISO 8601.
        TomlLocalDateTime d => string.Concat(d.Text.AsSpan(0, 10), "T", d.Text.AsSpan(11)),
        TomlLocalDate d => d.Text,
        TomlLocalTime t => t.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "not a scalar"),
    };

    private static string KindName(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "boolean",
        TomlValueKind.Array => "array",
        TomlValueKind.Table => "table",
        _ => "datetime",
    };
}
