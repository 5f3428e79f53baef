namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// A chat tool's markup: how user-supplied text is escaped so it cannot format, mention or link anything, and how
/// the adapter's own labels are emphasised.
/// </summary>
public abstract class ChatMarkup
{
    /// <summary>Escapes text shown inline (user names, roles, resource IDs).</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>Text that renders literally.</returns>
    public abstract string Escape(string text);

    /// <summary>Emphasises one of the adapter's own labels.</summary>
    /// <param name="label">A label such as "Status".</param>
    /// <returns>The bold label.</returns>
    public abstract string Bold(string label);

    /// <summary>Renders free text (a reason) as a code block, so nothing in it formats, and it cannot close the block.</summary>
    /// <param name="text">The raw text, already truncated.</param>
    /// <returns>The code block.</returns>
    public virtual string CodeBlock(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // A zero-width space after each backtick keeps the text from forming a closing fence.
        return $"```\n{EscapeInCode(text).Replace("`", "`\u200B", StringComparison.Ordinal)}\n```";
    }

    /// <summary>Renders a short command literally, e.g. a <c>tsh</c> hint.</summary>
    /// <param name="text">The command.</param>
    /// <returns>The inline code.</returns>
    public string InlineCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return $"`{EscapeInCode(text).Replace("`", "'", StringComparison.Ordinal)}`";
    }

    /// <summary>Escapes what the tool still interprets inside code (Slack: entities); nothing by default.</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>The text to put between backticks.</returns>
    protected virtual string EscapeInCode(string text) => text;

    /// <summary>Standard Markdown (Mattermost, Discord): a backslash before every character Markdown interprets.</summary>
    public static ChatMarkup Markdown { get; } = new MarkdownMarkup();

    private sealed class MarkdownMarkup : ChatMarkup
    {
        private const string Special = "\\`*_~[]()<>|#";

        public override string Escape(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var builder = new System.Text.StringBuilder(text.Length + 8);
            foreach (var c in text.ReplaceLineEndings(" "))
            {
                if (Special.Contains(c, StringComparison.Ordinal))
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        public override string Bold(string label) => $"**{label}**";
    }
}
