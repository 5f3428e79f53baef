namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>The TOML 1.0 value types.</summary>
internal enum TomlValueKind
{
    /// <summary>A basic or literal string.</summary>
    String,

    /// <summary>A 64-bit signed integer.</summary>
    Integer,

    /// <summary>An IEEE 754 binary64 float.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A date-time with an offset (<c>1979-05-27T07:32:00Z</c>).</summary>
    OffsetDateTime,

    /// <summary>A date-time without an offset.</summary>
    LocalDateTime,

    /// <summary>A date without a time.</summary>
    LocalDate,

    /// <summary>A time of day without a date.</summary>
    LocalTime,

    /// <summary>An array, static or of tables.</summary>
    Array,

    /// <summary>A table: root, header, dotted-key, inline or array element.</summary>
    Table,
}
