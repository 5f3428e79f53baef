namespace TeleportPlugins.Host.Configuration;

/// <summary>Where a configuration key was defined, for error messages.</summary>
/// <param name="File">The file path as given by the user.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
internal readonly record struct ConfigurationKeyLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
