namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The parts of an interaction payload the adapter reads: <c>block_actions</c> (a button clicked: the user, the action,
/// the channel, a <c>trigger_id</c> for a modal) and <c>view_submission</c> (a modal submitted). Everything else is ignored.
/// </summary>
internal sealed record SlackInteraction(string? Type, SlackInteractionUser? User, IReadOnlyList<SlackInteractionAction>? Actions, string? TriggerId, SlackInteractionChannel? Channel, SlackInteractionView? View);
