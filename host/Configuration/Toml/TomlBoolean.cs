namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary><c>true</c> or <c>false</c>.</summary>
internal sealed class TomlBoolean(bool value, TomlPosition position) : TomlValue(TomlValueKind.Boolean, position)
{
    /// <summary>The boolean.</summary>
    public bool Value { get; } = value;
}
