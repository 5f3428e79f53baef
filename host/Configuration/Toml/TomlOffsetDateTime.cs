namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A date-time with a UTC offset.</summary>
/// <param name="value">The instant and offset, fractional seconds truncated to 100 ns as TOML allows.</param>
/// <param name="text">The literal as written; it keeps precision beyond 100 ns and the exact spelling.</param>
internal sealed class TomlOffsetDateTime(DateTimeOffset value, string text, TomlPosition position)
    : TomlValue(TomlValueKind.OffsetDateTime, position)
{
    /// <summary>The instant and offset.</summary>
    public DateTimeOffset Value { get; } = value;

    /// <summary>The literal as written.</summary>
    public string Text { get; } = text;
}
