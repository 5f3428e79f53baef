namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A time of day without a date or offset.</summary>
/// <param name="value">The time, fractional seconds truncated to 100 ns.</param>
/// <param name="text">The literal as written; it keeps precision beyond 100 ns.</param>
internal sealed class TomlLocalTime(TimeOnly value, string text, TomlPosition position)
    : TomlValue(TomlValueKind.LocalTime, position)
{
    /// <summary>The time.</summary>
    public TimeOnly Value { get; } = value;

    /// <summary>The literal as written.</summary>
    public string Text { get; } = text;
}
