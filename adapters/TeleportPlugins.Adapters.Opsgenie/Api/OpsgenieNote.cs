namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>One entry of <c>GET /v2/alerts/{identifier}/notes</c>: the text and its paging offset.</summary>
internal sealed record OpsgenieNote(string? Note, string? Offset);
