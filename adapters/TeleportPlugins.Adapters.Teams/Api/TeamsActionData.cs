using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The data of an Approve or Deny button; Teams merges the card's inputs into it, so a click carries the typed reason
/// as <c>reason</c> (<see cref="Reason"/>).
/// </summary>
internal sealed record TeamsActionData(
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName(TeamsActionData.ReasonField)] string? Reason = null)
{
    public const string ReasonField = "reason";
}
