namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>One part of a dotted key (<c>b</c> in <c>a."b".c</c>), unquoted, with where it was written.</summary>
internal readonly record struct TomlKeySegment(string Name, TomlPosition Position);
