namespace TeleportPlugins.Host.Configuration;

/// <summary>One configuration problem, ready to print, with what it sorts by.</summary>
/// <param name="Source">Syntax, file or environment.</param>
/// <param name="Line">1-based line in the file; <see cref="int.MaxValue"/> when the problem has none.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Text"><c>file:line:column: dotted.key: message</c>, or <c>environment variable NAME: key: message</c>.</param>
internal readonly record struct ConfigurationProblem(ConfigurationProblemSource Source, int Line, int Column, string Text);
