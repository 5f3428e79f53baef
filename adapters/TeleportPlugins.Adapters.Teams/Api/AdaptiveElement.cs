namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// An element of a card's body: a <c>TextBlock</c> (Markdown subset: bold, italics, lists, links), or with
/// <see cref="ReasonInput"/> the <c>Input.Text</c> a reviewer types a reason into before Approve or Deny.
/// </summary>
internal sealed record AdaptiveElement(string? Text, string? Weight = null, string? Size = null, bool? Separator = null, string? Spacing = null, bool? IsSubtle = null)
{
    public string Type { get; init; } = "TextBlock";

    public bool? Wrap { get; init; } = true;

    /// <summary>An input's ID: its value is merged into the clicked action's data under this name.</summary>
    public string? Id { get; init; }

    public string? Label { get; init; }

    public string? Placeholder { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The optional reason of an Approve or Deny click, sent in the action's data as <c>reason</c>.</summary>
    public static AdaptiveElement ReasonInput(int maxLength) => new(Text: null)
    {
        Type = "Input.Text",
        Wrap = null,
        Id = TeamsActionData.ReasonField,
        Label = "Reason (optional)",
        Placeholder = "Why you approve or deny",
        IsMultiline = true,
        MaxLength = maxLength,
    };
}
