namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A calendar date without a time or offset.</summary>
internal sealed class TomlLocalDate(DateOnly value, string text, TomlPosition position)
    : TomlValue(TomlValueKind.LocalDate, position)
{
    /// <summary>The date.</summary>
    public DateOnly Value { get; } = value;

    /// <summary>The literal as written.</summary>
    public string Text { get; } = text;
}
