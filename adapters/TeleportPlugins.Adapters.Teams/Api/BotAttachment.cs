namespace TeleportPlugins.Adapters.Teams;

/// <summary>An attachment of an activity; the adapter sends Adaptive Cards only.</summary>
internal sealed record BotAttachment(string ContentType, AdaptiveCard Content)
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
}
