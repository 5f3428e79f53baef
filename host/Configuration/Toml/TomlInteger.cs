namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A 64-bit signed integer written in decimal, hexadecimal, octal or binary.</summary>
internal sealed class TomlInteger(long value, TomlPosition position) : TomlValue(TomlValueKind.Integer, position)
{
    /// <summary>The integer.</summary>
    public long Value { get; } = value;
}
