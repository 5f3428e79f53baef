namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A basic or literal string, escapes resolved.</summary>
internal sealed class TomlString(string value, TomlPosition position) : TomlValue(TomlValueKind.String, position)
{
    /// <summary>The string's content.</summary>
    public string Value { get; } = value;
}
