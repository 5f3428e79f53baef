using System.Globalization;
using System.Text.Json.Nodes;
using TeleportPlugins.Host.Configuration.Toml;
using Tomlyn;
using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>Writes a flattened document in toml-test's tagged JSON form (<c>{"type":"integer","value":"42"}</c>).</summary>
internal static class TomlTestJson
{
    /// <summary>The document, tables as objects, arrays as arrays, scalars tagged, rebuilt from its entries.</summary>
    public static JsonObject From(IReadOnlyList<TomlEntry> entries)
    {
        var root = new JsonObject();
        var nodes = new Dictionary<string, JsonNode>(StringComparer.Ordinal) { [string.Empty] = root };
        foreach (var entry in entries)
        {
            var parent = nodes[Key(entry.Path.Take(entry.Path.Count - 1))];
            JsonNode node = entry.Kind switch
            {
                TomlEntryKind.Table => new JsonObject(),
                TomlEntryKind.Array => new JsonArray(),
                _ => Tagged(entry.Value!),
            };
            var last = entry.Path[^1];
            if (last.Key is { } key)
            {
                ((JsonObject)parent).Add(key, node);
            }
            else
            {
                var array = (JsonArray)parent;
                Assert.That(last.Index, Is.EqualTo(array.Count), "array elements come in order");
                array.Add(node);
            }

            nodes.Add(Key(entry.Path), node);
        }

        return root;
    }

    private static string Key(IEnumerable<TomlPathSegment> path) => TomlPathSegment.ToIdentity(path);

    private static JsonObject Tagged(ValueSyntax value) => value switch
    {
        StringValueSyntax s => Tagged("string", s.Value!),
        IntegerValueSyntax i => Tagged("integer", i.Value.ToString(CultureInfo.InvariantCulture)),
        FloatValueSyntax f => Tagged("float", FormatFloat(f.Value)),
        BooleanValueSyntax b => Tagged("bool", b.Value ? "true" : "false"),
        DateTimeValueSyntax { Value: var d } => d.Kind switch
        {
            TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber =>
                Tagged("datetime", d.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            TomlDateTimeKind.LocalDateTime => Tagged("datetime-local", d.DateTime.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            TomlDateTimeKind.LocalDate => Tagged("date-local", d.DateTime.DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ => Tagged("time-local", d.DateTime.DateTime.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "not a TOML scalar"),
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
