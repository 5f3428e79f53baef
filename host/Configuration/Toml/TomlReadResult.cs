using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A TOML text read: its tree (complete, or what parsed despite errors) and every error.</summary>
/// <param name="Document">The syntax tree; null when the text could not be decoded at all.</param>
/// <param name="Diagnostics">Every error, in file order; empty when the document is valid.</param>
internal sealed record TomlReadResult(DocumentSyntax? Document, IReadOnlyList<TomlDiagnostic> Diagnostics);
