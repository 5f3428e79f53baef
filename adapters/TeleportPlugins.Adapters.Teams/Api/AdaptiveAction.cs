namespace TeleportPlugins.Adapters.Teams;

/// <summary>A card's button: <c>Action.OpenUrl</c> ("Open"), or <c>Action.Execute</c> (Approve, Deny) with its verb and data.</summary>
internal sealed record AdaptiveAction(string Title, Uri? Url = null)
{
    public string Type { get; init; } = "Action.OpenUrl";

    public string? Verb { get; init; }

    public TeamsActionData? Data { get; init; }

    public string? Style { get; init; }

    /// <summary>A Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke activity to the bot when it is clicked.</summary>
    public static AdaptiveAction Execute(string title, string verb, string requestId, string style) =>
        new(title) { Type = "Action.Execute", Verb = verb, Data = new TeamsActionData(requestId, verb), Style = style };
}
