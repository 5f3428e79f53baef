namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A place in a TOML text, as an editor shows it.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, counted in Unicode code points so it matches what an editor shows.</param>
internal readonly record struct TomlPosition(int Line, int Column);
