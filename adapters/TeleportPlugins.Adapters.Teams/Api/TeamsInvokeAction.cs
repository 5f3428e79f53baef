namespace TeleportPlugins.Adapters.Teams;

/// <summary>A clicked <c>Action.Execute</c>: its verb and its data with the card's inputs merged in.</summary>
internal sealed record TeamsInvokeAction(string? Type, string? Verb, TeamsActionData? Data);
