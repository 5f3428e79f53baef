namespace TeleportPlugins.Adapters.Teams;

/// <summary>The code of an error (the message may quote user input and is not kept).</summary>
internal sealed record GraphErrorDetail(string? Code);
