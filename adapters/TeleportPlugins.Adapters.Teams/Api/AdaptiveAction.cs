namespace TeleportPlugins.Adapters.Teams;

/// <summary>An <c>Action.OpenUrl</c> button.</summary>
internal sealed record AdaptiveAction(string Title, Uri Url)
{
    public string Type { get; init; } = "Action.OpenUrl";
}
