namespace TeleportPlugins.Adapters.Slack;

/// <summary>A modal's <c>input</c> block; its value comes back in <c>view.state.values[block_id][action_id]</c>.</summary>
internal sealed record SlackInputBlock(string Type, string BlockId, SlackText Label, SlackTextInput Element, bool Optional);
