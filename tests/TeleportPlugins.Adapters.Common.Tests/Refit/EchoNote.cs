namespace TeleportPlugins.Adapters.Common.Tests.Refit;

/// <summary>A body whose property must go over the wire in snake_case.</summary>
/// <param name="NoteText">The text.</param>
public sealed record EchoNote(string NoteText);
