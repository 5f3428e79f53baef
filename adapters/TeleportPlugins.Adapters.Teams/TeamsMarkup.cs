using TeleportPlugins.Adapters.Common.Messaging;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The Markdown subset of Adaptive Card text blocks: escaped and bold like Markdown, but without code blocks (cards do
/// not render them), so a reason is shown as escaped text on its line.
/// </summary>
internal sealed class TeamsMarkup : ChatMarkup
{
    public static TeamsMarkup Instance { get; } = new();

    public override string Escape(string text) => Markdown.Escape(text);

    public override string Bold(string label) => Markdown.Bold(label);

    public override string CodeBlock(string text) => Escape(text);
}
