namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>What a <see cref="TomlEntry"/> holds.</summary>
internal enum TomlEntryKind
{
    /// <summary>A table: a header, an inline table, an element of an array of tables, or one implied by a dotted key.</summary>
    Table,

    /// <summary>An array, inline or of tables.</summary>
    Array,

    /// <summary>A string, number, boolean or date-time.</summary>
    Scalar,
}
