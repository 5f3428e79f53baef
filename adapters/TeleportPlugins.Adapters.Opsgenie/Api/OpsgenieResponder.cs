namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>An alert responder: <c>{"type":"schedule"|"team", "id"}</c> or <c>{"type", "name"}</c>.</summary>
internal sealed record OpsgenieResponder(string Type, string? Id = null, string? Name = null);
