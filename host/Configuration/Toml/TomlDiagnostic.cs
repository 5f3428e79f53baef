namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A syntax or TOML-semantics error in a file, safe to print (it never quotes a value).</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">The dotted key, as written, of the key/value or table header the error is in; null when outside any.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record TomlDiagnostic(int Line, int Column, string? Key, string Message);
