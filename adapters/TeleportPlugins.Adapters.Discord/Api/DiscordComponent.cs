namespace TeleportPlugins.Adapters.Discord;

/// <summary>
/// A message or modal component: an action row (type 1) holding buttons (type 2) or a text input (type 4). A button's
/// or input's <c>custom_id</c> comes back in the interaction it causes; only the app's own messages send interactions.
/// </summary>
internal sealed record DiscordComponent(
    int Type,
    IReadOnlyList<DiscordComponent>? Components = null,
    int? Style = null,
    string? Label = null,
    string? CustomId = null,
    bool? Required = null,
    int? MaxLength = null,
    string? Value = null);
