namespace TeleportPlugins.Adapters.Teams;

/// <summary>The value of an <c>adaptiveCard/action</c> invoke: the clicked action.</summary>
internal sealed record TeamsInvokeValue(TeamsInvokeAction? Action);
