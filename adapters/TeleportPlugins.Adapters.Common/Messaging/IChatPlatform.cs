using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// What <see cref="ChatAdapter"/> needs from one chat tool. Implementations throw
/// <see cref="TransientAdapterException"/> for rate limits and outages and <see cref="PermanentAdapterException"/>
/// for what retrying cannot fix; messages name the tool and never a token.
/// </summary>
/// <remarks>
/// Every create carries a <see cref="ChatMarker"/> the tool keeps with the message, and the Find methods look for it:
/// <see cref="ChatAdapter"/> calls them only when a step resumes an unconfirmed attempt (contract 1.2), never on the
/// common path. A Find that the tool refuses for good (a missing scope or permission) throws
/// <see cref="PermanentAdapterException"/>; the adapter then warns and creates the message, at least once.
/// </remarks>
public interface IChatPlatform
{
    /// <summary>The tool's name for messages, e.g. "Slack".</summary>
    string Tool { get; }

    /// <summary>The tool's markup.</summary>
    ChatMarkup Markup { get; }

    /// <summary>Checks the credentials and the address.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The outcome, naming the tool and the cause.</returns>
    Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Turns a configured recipient (channel, e-mail address, ...) into the target to post to.</summary>
    /// <param name="recipient">The recipient as configured.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The target, or null when the tool does not know the recipient (it is then skipped).</returns>
    Task<string?> ResolveRecipientAsync(string recipient, CancellationToken cancellationToken);

    /// <summary>Posts a new request message.</summary>
    /// <param name="target">A target from <see cref="ResolveRecipientAsync"/>.</param>
    /// <param name="message">The rendered message.</param>
    /// <param name="marker">What the message is, kept with it in the tool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Where the message landed.</returns>
    Task<SentMessage> PostAsync(string target, ChatMessage message, ChatMarker marker, CancellationToken cancellationToken);

    /// <summary>Posts <paramref name="text"/> as a reply in the thread of <paramref name="root"/>.</summary>
    /// <param name="root">The request message.</param>
    /// <param name="text">The rendered reply.</param>
    /// <param name="marker">What the reply is, kept with it in the tool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tool accepted the reply.</returns>
    Task ReplyAsync(SentMessage root, string text, ChatMarker marker, CancellationToken cancellationToken);

    /// <summary>Replaces the content of a request message.</summary>
    /// <param name="message">The message to edit.</param>
    /// <param name="content">The new content.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tool accepted the edit.</returns>
    Task UpdateAsync(SentMessage message, ChatMessage content, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/> to a person directly.</summary>
    /// <param name="target">A target from <see cref="ResolveRecipientAsync"/> for the person's e-mail address.</param>
    /// <param name="text">The rendered text.</param>
    /// <param name="marker">What the message is, kept with it in the tool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tool accepted the message.</returns>
    Task PostDirectAsync(string target, string text, ChatMarker marker, CancellationToken cancellationToken);

    /// <summary>Looks for a message posted to <paramref name="target"/> with <paramref name="marker"/> (not a thread reply).</summary>
    /// <param name="target">A target from <see cref="ResolveRecipientAsync"/>.</param>
    /// <param name="marker">The marker the message was posted with.</param>
    /// <param name="resumed">The unconfirmed earlier attempt: no message older than its claim (less clock skew,
    /// <see cref="ResumeMarkers.SearchFrom"/>) needs to be considered.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The message, or null when there is none.</returns>
    Task<SentMessage?> FindPostAsync(string target, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken);

    /// <summary>Looks for a reply to <paramref name="root"/> with <paramref name="marker"/>.</summary>
    /// <param name="root">The request message.</param>
    /// <param name="marker">The marker the reply was posted with.</param>
    /// <param name="resumed">The unconfirmed earlier attempt: no reply older than its claim needs to be considered.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The reply, or null when there is none.</returns>
    Task<SentMessage?> FindReplyAsync(SentMessage root, ChatMarker marker, StepResumption resumed, CancellationToken cancellationToken);
}
