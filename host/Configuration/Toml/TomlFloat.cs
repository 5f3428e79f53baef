namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A binary64 float, including <c>inf</c> and <c>nan</c>.</summary>
internal sealed class TomlFloat(double value, TomlPosition position) : TomlValue(TomlValueKind.Float, position)
{
    /// <summary>The float.</summary>
    public double Value { get; } = value;
}
