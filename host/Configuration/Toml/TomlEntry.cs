using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>One node of a TOML document at its full path, where it was first written.</summary>
/// <param name="Path">From the root: keys as written and array indices.</param>
/// <param name="Kind">Table, array or scalar.</param>
/// <param name="Value">The scalar's syntax; null for tables and arrays, and for a value that did not parse.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
internal sealed record TomlEntry(IReadOnlyList<TomlPathSegment> Path, TomlEntryKind Kind, ValueSyntax? Value, int Line, int Column);
