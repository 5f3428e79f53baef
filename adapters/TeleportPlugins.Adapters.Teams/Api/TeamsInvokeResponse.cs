namespace TeleportPlugins.Adapters.Teams;

/// <summary>The answer to an <c>adaptiveCard/action</c> invoke: a card that replaces the clicked one for the user who clicked.</summary>
internal sealed record TeamsInvokeResponse(int StatusCode, string Type, AdaptiveCard Value);
