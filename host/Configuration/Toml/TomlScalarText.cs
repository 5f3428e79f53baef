using System.Globalization;
using Tomlyn;
using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A TOML scalar as configuration text, in the invariant forms the binder's converters read.</summary>
internal static class TomlScalarText
{
    /// <summary>The text of a scalar; null for anything else.</summary>
    /// <param name="value">The value syntax.</param>
    /// <returns>The text.</returns>
    public static string? Format(ValueSyntax? value) => value switch
    {
        StringValueSyntax s => s.Value,
        IntegerValueSyntax i => i.Value.ToString(CultureInfo.InvariantCulture),

        // Shortest round-trip form; the invariant culture spells the specials Infinity, -Infinity and NaN.
        FloatValueSyntax f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        BooleanValueSyntax b => b.Value ? "true" : "false",
        DateTimeValueSyntax { Value: var d } => d.Kind is TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber
            ? d.DateTime.ToString("O", CultureInfo.InvariantCulture)

            // Local kinds have no instant; Tomlyn's own text for them is ISO 8601 (T separator, seconds always present).
            : d.ToString(),
        _ => null,
    };
}
