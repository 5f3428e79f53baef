using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// The Approve and Deny buttons of a pending request's message (one action row), the reason modal a Deny opens, and
/// the reading of their <c>custom_id</c>: <c>teleport:approve:&lt;request id&gt;</c> or <c>teleport:deny:&lt;request id&gt;</c>.
/// Only the app's own messages and modals send interactions to its endpoint, so the ID needs no token of its own.
/// </summary>
internal static class DiscordButtons
{
    /// <summary>The input of the reason modal.</summary>
    public const string ReasonInput = "reason";

    private const string Prefix = "teleport";
    private const string Approve = "approve";
    private const string Deny = "deny";

    // Discord's limits: a custom_id holds at most 100 characters; the reason is cut like the reasons Teleport shows.
    private const int CustomIdLimit = 100;
    private const int ReasonLimit = 500;

    // Button styles: 3 success (green), 4 danger (red); text input style 2 is a paragraph.
    private const int ActionRow = 1;
    private const int Button = 2;
    private const int TextInput = 4;

    /// <summary>The action row with both buttons for <paramref name="requestId"/>.</summary>
    public static IReadOnlyList<DiscordComponent> For(string requestId) =>
    [
        new DiscordComponent(ActionRow, [
            new DiscordComponent(Button, Style: 3, Label: "Approve", CustomId: CustomId(Approve, requestId)),
            new DiscordComponent(Button, Style: 4, Label: "Deny", CustomId: CustomId(Deny, requestId)),
        ]),
    ];

    /// <summary>The modal asking for a denial's reason; its submission carries the same <c>custom_id</c> as the button.</summary>
    public static DiscordInteractionResponse ReasonModal(string requestId) => new(
        9,
        new DiscordInteractionCallbackData(
            CustomId: CustomId(Deny, requestId),
            Title: "Deny access request",
            Components: [new DiscordComponent(ActionRow, [new DiscordComponent(TextInput, Style: 2, Label: "Reason", CustomId: ReasonInput, Required: false, MaxLength: ReasonLimit)])]));

    /// <summary>The request and decision a <c>custom_id</c> names, or null when it is not one of these buttons.</summary>
    public static (string RequestId, AccessRequestState State)? Parse(string? customId)
    {
        if (customId is not { Length: <= CustomIdLimit } || customId.Split(':', 3) is not [Prefix, var action, { Length: > 0 } requestId])
        {
            return null;
        }

        return action switch
        {
            Approve => (requestId, AccessRequestState.Approved),
            Deny => (requestId, AccessRequestState.Denied),
            _ => null,
        };
    }

    /// <summary>The reason typed into the modal, or empty.</summary>
    public static string Reason(DiscordInteractionData data) =>
        (data.Components ?? []).SelectMany(row => row.Components ?? []).FirstOrDefault(c => c.CustomId == ReasonInput)?.Value?.Trim() ?? string.Empty;

    private static string CustomId(string action, string requestId) => $"{Prefix}:{action}:{requestId}";
}
