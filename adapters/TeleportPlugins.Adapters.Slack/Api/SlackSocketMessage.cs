using System.Text.Json;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// A Socket Mode message: <c>hello</c>, <c>disconnect</c> (with a <c>reason</c>; connect again), or an envelope
/// (<c>envelope_id</c>, <c>type</c> such as <c>interactive</c>, <c>payload</c>) to acknowledge at once.
/// </summary>
internal sealed record SlackSocketMessage(string? Type, string? EnvelopeId, JsonElement? Payload, string? Reason);
