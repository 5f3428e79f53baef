namespace TeleportPlugins.Adapters.Slack;

/// <summary>A submitted modal's input values, by block ID, then action ID.</summary>
internal sealed record SlackViewState(IReadOnlyDictionary<string, IReadOnlyDictionary<string, SlackViewValue>>? Values);
