using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>One step of a path into a TOML document: a key as written (unescaped), or an array index.</summary>
/// <param name="Key">The key, or null for an array element.</param>
/// <param name="Index">The array index when <paramref name="Key"/> is null.</param>
internal readonly record struct TomlPathSegment(string? Key, int Index)
{
    /// <summary>A key step.</summary>
    public static TomlPathSegment Of(string key) => new(key, -1);

    /// <summary>An array element step.</summary>
    public static TomlPathSegment At(int index) => new(null, index);

    /// <summary>A text that identifies the path exactly (keys may hold any character, dots and digits included).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The identity.</returns>
    public static string ToIdentity(IEnumerable<TomlPathSegment> path) =>
        string.Concat(path.Select(segment => segment.Key is null
            ? "[" + segment.Index.ToString(CultureInfo.InvariantCulture) + "]"
            : "." + System.Text.Json.JsonSerializer.Serialize(segment.Key)));

    /// <summary>The configuration key: <c>slack:recipients:0</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The key.</returns>
    public static string ToConfigurationKey(IEnumerable<TomlPathSegment> path) =>
        ConfigurationPath.Combine(path.Select(segment => segment.Key ?? segment.Index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The path as a user writes it: <c>slack.recipients[0]</c>, keys that are not bare quoted.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The dotted form.</returns>
    public static string ToDisplay(IEnumerable<TomlPathSegment> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Key is null)
            {
                builder.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(BareKeySyntax.IsBareKey(segment.Key) ? segment.Key : "\"" + segment.Key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        }

        return builder.ToString();
    }
}
