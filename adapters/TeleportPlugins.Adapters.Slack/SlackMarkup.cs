using TeleportPlugins.Adapters.Common.Messaging;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// Slack mrkdwn: '&amp;', '&lt;' and '&gt;' must be sent as entities (Slack parses them everywhere, code included),
/// which also keeps user text from forming links or mentions such as <c>&lt;!channel&gt;</c>.
/// </summary>
internal sealed class SlackMarkup : ChatMarkup
{
    public const string BoldMarker = "*";

    public static SlackMarkup Instance { get; } = new();

    public override string Escape(string text) => EscapeInCode(text.ReplaceLineEndings(" "));

    public override string Bold(string label) => $"{BoldMarker}{label}{BoldMarker}";

    protected override string EscapeInCode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
