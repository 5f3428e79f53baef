namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A TOML document that is not valid TOML 1.0, with the place to fix it.</summary>
internal sealed class TomlParseException : Exception
{
    /// <summary>Creates the exception; the message reads <c>source:line:column: reason</c>.</summary>
    public TomlParseException(string sourceName, int line, int column, string reason)
        : base($"{sourceName}:{line}:{column}: {reason}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file path or name the text came from.</summary>
    public string SourceName { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column, in code points.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }
}
