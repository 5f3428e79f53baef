namespace TeleportPlugins.Adapters.Slack;

/// <summary>A Block Kit button: Slack sends its <c>action_id</c> and <c>value</c> back when it is clicked.</summary>
/// <param name="Text">The label (plain text).</param>
/// <param name="ActionId">What the click means.</param>
/// <param name="Value">The request ID the click is about.</param>
/// <param name="Style"><c>primary</c> (green) or <c>danger</c> (red).</param>
internal sealed record SlackButton(SlackText Text, string ActionId, string Value, string Style) : SlackElement("button");
