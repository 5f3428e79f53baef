namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The part of an activity the Bot Framework sends to the messaging endpoint that the adapter reads: an Approve or Deny
/// click is <c>type</c> <c>invoke</c>, <c>name</c> <c>adaptiveCard/action</c>, with the action in <c>value</c>.
/// </summary>
internal sealed record TeamsInboundActivity(
    string? Type,
    string? Id,
    DateTimeOffset? Timestamp,
    string? ServiceUrl,
    string? ChannelId,
    string? Name,
    TeamsChannelAccount? From,
    TeamsInvokeValue? Value);
