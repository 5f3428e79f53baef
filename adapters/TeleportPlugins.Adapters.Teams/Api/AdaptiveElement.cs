namespace TeleportPlugins.Adapters.Teams;

/// <summary>A <c>TextBlock</c> of a card (Markdown subset: bold, italics, lists, links).</summary>
internal sealed record AdaptiveElement(string Text, string? Weight = null, string? Size = null, bool? Separator = null, string? Spacing = null, bool? IsSubtle = null)
{
    public string Type { get; init; } = "TextBlock";

    public bool Wrap { get; init; } = true;
}
