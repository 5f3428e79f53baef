namespace TeleportPlugins.Adapters.Slack;

/// <summary>The body of <c>views.open</c>: the click's <c>trigger_id</c> (valid for 3 seconds, once) and the modal.</summary>
internal sealed record SlackOpenViewRequest(string TriggerId, SlackModalView View);
