namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A node of a parsed TOML document.</summary>
/// <remarks>
/// The position is where the value's key was written (for a table, its header), so configuration errors can
/// point at the line a user has to change; a value inside an array has no key and carries its own position.
/// </remarks>
internal abstract class TomlValue(TomlValueKind kind, TomlPosition position)
{
    /// <summary>The value's type.</summary>
    public TomlValueKind Kind { get; } = kind;

    /// <summary>Where the key (or table header) that defines this value was written.</summary>
    public TomlPosition Position { get; private protected set; } = position;

    /// <summary>1-based line of <see cref="Position"/>.</summary>
    public int Line => Position.Line;

    /// <summary>1-based column of <see cref="Position"/>.</summary>
    public int Column => Position.Column;
}
