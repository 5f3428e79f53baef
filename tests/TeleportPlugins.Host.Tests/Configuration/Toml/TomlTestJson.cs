using System.Globalization;
using System.Text.Json.Nodes;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>Writes a parsed document in toml-test's tagged JSON form (<c>{"type":"integer","value":"42"}</c>).</summary>
internal static class TomlTestJson
{
    /// <summary>The document, tables as objects, arrays as arrays, scalars tagged.</summary>
    public static JsonNode From(TomlValue value) => value switch
    {
        TomlTable table => new JsonObject(table.Entries.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)From(entry.Value)))),
        TomlArray array => new JsonArray(array.Items.Select(item => (JsonNode?)From(item)).ToArray()),
        TomlString s => Tagged("string", s.Value),
        TomlInteger i => Tagged("integer", i.Value.ToString(CultureInfo.InvariantCulture)),
        TomlFloat f => Tagged("float", FormatFloat(f.Value)),
        TomlBoolean b => Tagged("bool", b.Value ? "true" : "false"),
        TomlOffsetDateTime d => Tagged("datetime", d.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
        TomlLocalDateTime d => Tagged("datetime-local", d.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TomlLocalDate d => Tagged("date-local", d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TomlLocalTime t => Tagged("time-local", t.Value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "not a TOML value type"),
    };

    private static string FormatFloat(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static JsonObject Tagged(string type, string value) => new() { ["type"] = type, ["value"] = value };
}
