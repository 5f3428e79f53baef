namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A date-time without an offset; it names no instant until a time zone is chosen.</summary>
/// <param name="value">The date and time, <see cref="DateTimeKind.Unspecified"/>, fractional seconds truncated to 100 ns.</param>
/// <param name="text">The literal as written; it keeps precision beyond 100 ns and the exact spelling.</param>
internal sealed class TomlLocalDateTime(DateTime value, string text, TomlPosition position)
    : TomlValue(TomlValueKind.LocalDateTime, position)
{
    /// <summary>The date and time.</summary>
    public DateTime Value { get; } = value;

    /// <summary>The literal as written.</summary>
    public string Text { get; } = text;
}
