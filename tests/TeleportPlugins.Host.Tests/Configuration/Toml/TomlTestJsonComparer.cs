using System.Globalization;
using System.Text.Json.Nodes;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>
/// Compares tagged JSON documents the way toml-test does: integers and floats as numbers (nan equals nan),
/// date-times as values (<c>07:32:00Z</c> equals <c>07:32:00.000Z</c>), everything else exactly.
/// </summary>
internal static class TomlTestJsonComparer
{
    // .NET keeps 100 ns; the parser truncates beyond that, so the expected text is cut the same way.
    private const int FractionDigits = 7;

    /// <summary>Null when the documents match, else the first difference with its JSON path.</summary>
    public static string? FindDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (TryGetTag(expected, out var expectedType, out var expectedValue))
        {
            if (!TryGetTag(actual, out var actualType, out var actualValue))
            {
                return path + ": expected " + expectedType + " " + expectedValue + ", got " + Show(actual);
            }

            return expectedType == actualType && ValuesEqual(expectedType, expectedValue, actualValue)
                ? null
                : path + ": expected " + expectedType + " " + expectedValue + ", got " + actualType + " " + actualValue;
        }

        return (expected, actual) switch
        {
            (JsonObject e, JsonObject a) when !TryGetTag(a, out _, out _) => FindObjectDifference(e, a, path),
            (JsonArray e, JsonArray a) when e.Count == a.Count =>
                e.Select((item, i) => FindDifference(item, a[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"))
                    .FirstOrDefault(difference => difference is not null),
            _ => path + ": expected " + Show(expected) + ", got " + Show(actual),
        };
    }

    private static string? FindObjectDifference(JsonObject expected, JsonObject actual, string path)
    {
        var missing = expected.Select(p => p.Key).Except(actual.Select(p => p.Key), StringComparer.Ordinal).ToList();
        var extra = actual.Select(p => p.Key).Except(expected.Select(p => p.Key), StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            return path + ": missing keys [" + string.Join(", ", missing) + "], unexpected keys [" + string.Join(", ", extra) + "]";
        }

        return expected
            .Select(p => FindDifference(p.Value, actual[p.Key], path + "[\"" + p.Key + "\"]"))
            .FirstOrDefault(difference => difference is not null);
    }

    // A tagged scalar is an object of exactly two string members, type and value; a table with
    // such keys has objects as its members, never strings.
    private static bool TryGetTag(JsonNode? node, out string type, out string value)
    {
        type = value = string.Empty;
        if (node is not JsonObject { Count: 2 } obj
            || obj["type"] is not JsonValue typeNode || !typeNode.TryGetValue(out string? t)
            || obj["value"] is not JsonValue valueNode || !valueNode.TryGetValue(out string? v))
        {
            return false;
        }

        type = t;
        value = v;
        return true;
    }

    private static bool ValuesEqual(string type, string expected, string actual) => type switch
    {
        "integer" => long.Parse(expected, CultureInfo.InvariantCulture) == long.Parse(actual, CultureInfo.InvariantCulture),
        "float" => FloatsEqual(ParseFloat(expected), ParseFloat(actual)),
        "datetime" => ParseOffsetDateTime(expected) is var e && ParseOffsetDateTime(actual) is var a
                      && e == a && e.Offset == a.Offset,
        "datetime-local" => ParseLocal(expected) == ParseLocal(actual),
        "date-local" => DateOnly.Parse(expected, CultureInfo.InvariantCulture) == DateOnly.Parse(actual, CultureInfo.InvariantCulture),
        "time-local" => ParseLocalTime(expected) == ParseLocalTime(actual),
        _ => string.Equals(expected, actual, StringComparison.Ordinal),
    };

    private static bool FloatsEqual(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : expected.Equals(actual);

    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset ParseOffsetDateTime(string text) =>
        DateTimeOffset.Parse(TruncateFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static DateTime ParseLocal(string text) =>
        DateTime.Parse(TruncateFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static TimeOnly ParseLocalTime(string text) => TimeOnly.FromDateTime(ParseLocal("2000-01-01T" + text));

    private static string TruncateFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= FractionDigits ? text : text[..(dot + 1 + FractionDigits)] + text[end..];
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "nothing";
}
