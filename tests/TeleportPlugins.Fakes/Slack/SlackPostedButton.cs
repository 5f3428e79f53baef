namespace TeleportPlugins.Fakes.Slack;

/// <summary>A button of a message's <c>actions</c> block, as the fake Slack accepted it.</summary>
/// <param name="ActionId">Its <c>action_id</c>.</param>
/// <param name="Value">Its <c>value</c>.</param>
/// <param name="Label">Its plain-text label.</param>
/// <param name="BlockId">The actions block's <c>block_id</c>, or null.</param>
public sealed record SlackPostedButton(string ActionId, string Value, string Label, string? BlockId);
