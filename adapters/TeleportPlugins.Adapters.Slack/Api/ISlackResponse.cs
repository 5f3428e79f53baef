namespace TeleportPlugins.Adapters.Slack;

/// <summary>Slack's envelope: HTTP 200 with <c>ok</c>, and on failure a machine-readable <c>error</c> code.</summary>
internal interface ISlackResponse
{
    bool Ok { get; }

    string? Error { get; }
}
