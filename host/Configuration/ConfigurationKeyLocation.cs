namespace TeleportPlugins.Host.Configuration;

/// <summary>Where a configuration key was defined and how it is spelt there, for error messages.</summary>
/// <param name="File">The file path as given by the user.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">The key as written, dotted: <c>slack.recipients[0]</c>.</param>
internal readonly record struct ConfigurationKeyLocation(string File, int Line, int Column, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
