using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// The lifecycle every chat adapter (Slack, Mattermost, Discord) shares: post a message per recipient, reply in each
/// message's thread per review, edit each message on resolution or expiry, and tell the requester the outcome. The
/// tool-specific calls come from an <see cref="IChatPlatform"/>.
/// </summary>
/// <remarks>
/// Every item sent is recorded in the request's state as soon as the tool accepted it (<see cref="SentMessages"/>,
/// <see cref="StepProgress"/>), so a step the host retries after a rate limit or a crash resumes where it stopped.
/// One recipient the tool refuses (a deleted channel) does not stop the others, and neither does one it asks to come
/// back to later (a channel's rate limit): the step sends to every other recipient first, then fails transiently with
/// the soonest Retry-After, and its retry sends only what is missing (<see cref="DeferredItems"/>).
/// A crash between the tool accepting an item and the host storing the state loses that record; the host then tells
/// the next attempt it resumes (<see cref="AccessRequestStepContext.Resumed"/>), and only then, for each item the state
/// does not record, the adapter looks for the item's <see cref="ChatMarker"/> in the tool and records what it finds
/// instead of sending it again.
/// </remarks>
public sealed class ChatAdapter : IAccessRequestAdapter, IAccessListReminderSender, IReminderSender, IDisposable
{
    private const string RequesterItem = "requester";
    private const string EscalationItem = "escalate:";
    private readonly IChatPlatform _platform;
    private readonly ChatSettings _settings;
    private readonly ILogger _logger;
    private readonly ChatRenderer _renderer;
    private int _lookupWarned;

    /// <summary>Creates the adapter.</summary>
    /// <param name="platform">The tool's calls.</param>
    /// <param name="settings">Recipients and templates.</param>
    /// <param name="logger">The adapter's logger.</param>
    public ChatAdapter(IChatPlatform platform, ChatSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _platform = platform;
        _settings = settings;
        _logger = logger;
        _renderer = new ChatRenderer(settings.Templates, platform.Markup);
    }

    /// <inheritdoc />
    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _platform.CheckHealthAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return AdapterHealth.Unhealthy($"cannot reach {_platform.Tool}: {e.Message}");
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException)
        {
            return AdapterHealth.Unhealthy(e.Message);
        }
    }

    /// <inheritdoc />
    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        RequestRecord.Save(context.State, request);
        var deferred = new DeferredItems();
        var targets = await ResolveTargetsAsync(request, context.RoutedRecipients, deferred, cancellationToken);
        if (targets.Count == 0 && !deferred.Any)
        {
            ChatLog.NoRecipients(_logger, _platform.Tool, request.Id);
            return;
        }

        var message = _renderer.RenderRequest(request, [.. request.Resources.Select(r => r.ToString())], ChatRenderer.Status(request.State));
        var progress = StepProgress.For(context.State, "created");
        var refused = new List<PermanentAdapterException>();
        var resumed = context.Resumed;
        foreach (var target in targets.Where(t => !progress.IsDone(t)))
        {
            await TryItemAsync(request.Id, target, target, deferred, refused, async () =>
            {
                var marker = ChatMarker.Root(request.Id, target);
                var sent = await FindAsync(resumed, marker, lost => _platform.FindPostAsync(target, marker, lost, cancellationToken));
                if (sent is null)
                {
                    sent = await _platform.PostAsync(target, message, marker, cancellationToken);
                    ChatLog.Posted(_logger, request.Id, _platform.Tool, sent.ChannelId, sent.MessageId);
                }

                SentMessages.Append(context.State, sent);
                progress.MarkDone(target);
            });
        }

        deferred.ThrowIfAny();
        if (refused.Count > 0 && SentMessages.Read(context.State).Count == 0)
        {
            throw new PermanentAdapterException($"{_platform.Tool} refused every recipient of request {request.Id}: {refused[0].Message}", refused[0]);
        }
    }

    /// <inheritdoc />
    public async Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HasMessages(context, out var messages))
        {
            return;
        }

        var reply = _renderer.RenderReview(RequestRecord.Restore(context.State, context.Request).Request, context.Review);
        var step = $"review:{context.ReviewIndex}";
        var deferred = new DeferredItems();
        var marker = ChatMarker.Review(context.Request.Id, context.ReviewIndex);
        var resumed = context.Resumed;
        await ForEachAsync(messages, StepProgress.For(context.State, step), "reply:", async message =>
        {
            if (await FindAsync(resumed, marker, lost => _platform.FindReplyAsync(message, marker, lost, cancellationToken)) is null)
            {
                await _platform.ReplyAsync(message, reply, marker, cancellationToken);
            }
        }, context.Request.Id, deferred);

        // The request message lists the reviews so far; its status changes only when the request is resolved. When the
        // host already knows a later review or the resolution, that step re-renders every message anyway: this edit is
        // collapsed into it, which spares one call per message where the tool's rate limit matters most (a burst).
        if (!IsSupersededEdit(context))
        {
            await EditAllAsync(context, step, AccessRequestState.Pending, ChatRenderer.Status(AccessRequestState.Pending), deferred, cancellationToken);
        }

        deferred.ThrowIfAny();
    }

    /// <inheritdoc />
    public async Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = ChatRenderer.Status(context.Resolution);
        var deferred = new DeferredItems();
        var (request, progress) = await EditAllAsync(context, "resolved", context.Resolution, status, deferred, cancellationToken);
        if (_settings.NotifyRequester && !progress.IsDone(RequesterItem))
        {
            await TryItemAsync(request.Id, RequesterItem, RequesterItem, deferred, null, () => NotifyRequesterAsync(request, status, progress, context.Resumed, cancellationToken));
        }

        deferred.ThrowIfAny();
    }

    /// <inheritdoc />
    public async Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HasMessages(context, out _))
        {
            var deferred = new DeferredItems();
            await EditAllAsync(context, "expired", AccessRequestState.Pending, ChatRenderer.Expired, deferred, cancellationToken);
            deferred.ThrowIfAny();
        }
    }

    /// <summary>
    /// A reminder: a reply in the thread of every request message; when it escalates, also a new message to each
    /// escalation recipient, recorded with the request's messages (<see cref="SentMessages.EscalationsKey"/>) so that
    /// reviews and the resolution edit it too, and in the step's progress so that a retry does not post it again.
    /// </summary>
    /// <param name="context">The reminder.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>A task that completes when every item was sent.</returns>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, resources) = RequestRecord.Restore(context.State, context.Request);
        var progress = StepProgress.For(context.State, FormattableString.Invariant($"reminder:{context.Number}"));
        var deferred = new DeferredItems();
        var marker = ChatMarker.Reminder(request.Id, context.Number);
        var reply = _renderer.RenderReminder(request, context.Number);
        var resumed = context.Resumed;
        await ForEachAsync(SentMessages.Read(context.State), progress, "reply:", async message =>
        {
            if (await FindAsync(resumed, marker, lost => _platform.FindReplyAsync(message, marker, lost, cancellationToken)) is null)
            {
                await _platform.ReplyAsync(message, reply, marker, cancellationToken);
            }
        }, request.Id, deferred);

        if (context.Escalates)
        {
            await EscalateAsync(context, request, resources, progress, deferred, cancellationToken);
        }

        deferred.ThrowIfAny();
    }

    /// <summary>
    /// Posts the escalation to each recipient in <see cref="RequestReminderContext.EscalateTo"/> not yet done in this
    /// reminder. A recipient that is also one of the request's channels gets its own post there too, after the thread
    /// reply: on a tool that paces posts per channel (Slack) that post waits for the channel's next slot.
    /// </summary>
    private async Task EscalateAsync(
        RequestReminderContext context, AccessRequestSnapshot request, IReadOnlyList<string> resources, StepProgress progress, DeferredItems deferred, CancellationToken cancellationToken)
    {
        var targets = await ResolveAsync(request.Id, context.EscalateTo, deferred, cancellationToken);
        var message = _renderer.RenderEscalation(request, resources, _settings.Clock.GetUtcNow() - request.Created);
        var resumed = context.Resumed;
        foreach (var target in targets)
        {
            var item = EscalationItem + target;
            if (progress.IsDone(item) || deferred.Has(target))
            {
                continue;
            }

            await TryItemAsync(request.Id, target, item, deferred, null, async () =>
            {
                var marker = ChatMarker.Escalation(request.Id, context.Number, target);
                var sent = await FindAsync(resumed, marker, lost => _platform.FindPostAsync(target, marker, lost, cancellationToken));
                if (sent is null)
                {
                    sent = await _platform.PostAsync(target, message, marker, cancellationToken);
                    ChatLog.Escalated(_logger, request.Id, context.Number, _platform.Tool, sent.ChannelId, sent.MessageId);
                }

                SentMessages.AppendEscalation(context.State, sent);
                progress.MarkDone(item);
            });
        }
    }

    private static bool IsSupersededEdit(ReviewAddedContext context) =>
        context.ReviewIndex < context.Request.Reviews.Count - 1 || context.Request.State is not AccessRequestState.Pending;

    private bool HasMessages(AccessRequestStepContext context, out IReadOnlyList<SentMessage> messages)
    {
        messages = SentMessages.Read(context.State);
        if (messages.Count == 0)
        {
            ChatLog.NothingPosted(_logger, context.Request.Id, _platform.Tool);
        }

        return messages.Count > 0;
    }

    /// <summary>Re-renders the request with <paramref name="status"/> and edits every message not yet edited in this step.</summary>
    private async Task<(AccessRequestSnapshot Request, StepProgress Progress)> EditAllAsync(
        AccessRequestStepContext context, string step, AccessRequestState shownState, string status, DeferredItems deferred, CancellationToken cancellationToken)
    {
        var (request, resources) = RequestRecord.Restore(context.State, context.Request);
        var progress = StepProgress.For(context.State, step);
        // An expired request keeps the pending state's rendering but loses its Approve and Deny buttons: no review counts now.
        var updated = _renderer.RenderRequest(request with { State = shownState }, resources, status) with { Pending = shownState == AccessRequestState.Pending && status != ChatRenderer.Expired };
        await ForEachAsync(SentMessages.Read(context.State), progress, "edit:", message => _platform.UpdateAsync(message, updated, cancellationToken), request.Id, deferred);
        var escalated = _renderer.AsEscalated(updated);
        await ForEachAsync(SentMessages.ReadEscalations(context.State), progress, "edit:", message => _platform.UpdateAsync(message, escalated, cancellationToken), request.Id, deferred);
        return (request, progress);
    }

    /// <summary>
    /// Sends an access list review reminder to the owner directly. As for the requester, an owner is found in the tool by
    /// e-mail address, so a Teleport user whose name is not one cannot be reached (a permanent failure the host logs).
    /// </summary>
    /// <param name="reminder">The reminder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tool accepted the message.</returns>
    public async Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var target = LooksLikeEmail(reminder.Owner) ? await _platform.ResolveRecipientAsync(reminder.Owner, cancellationToken) : null;
        if (target is null)
        {
            throw new PermanentAdapterException($"{_platform.Tool} has no user with the e-mail address of access list owner {reminder.Owner}");
        }

        await _platform.PostDirectAsync(target, reminder.ToText(), new ChatMarker("access_list:" + reminder.AccessList, "reminder"), cancellationToken);
    }

    private async Task NotifyRequesterAsync(AccessRequestSnapshot request, string status, StepProgress progress, StepResumption? resumed, CancellationToken cancellationToken)
    {
        var target = LooksLikeEmail(request.User) ? await _platform.ResolveRecipientAsync(request.User, cancellationToken) : null;
        if (target is null)
        {
            ChatLog.RequesterUnknown(_logger, request.User, request.Id, _platform.Tool);
            return;
        }

        var marker = ChatMarker.Requester(request.Id);
        if (await FindAsync(resumed, marker, lost => _platform.FindPostAsync(target, marker, lost, cancellationToken)) is null)
        {
            await _platform.PostDirectAsync(target, _renderer.RenderRequester(request, status), marker, cancellationToken);
        }

        progress.MarkDone(RequesterItem);
    }

    /// <summary>
    /// Looks in the tool for what an unconfirmed earlier attempt created, only when the step resumes one (null
    /// <paramref name="resumed"/>: the common path, no call; the host keeps telling every retry of such a step). A lookup the tool refuses for good (a missing scope) is
    /// warned about once and answers null, so the item is sent again: at least once rather than never.
    /// </summary>
    private async Task<SentMessage?> FindAsync(StepResumption? resumed, ChatMarker marker, Func<StepResumption, Task<SentMessage?>> find)
    {
        if (resumed is null)
        {
            return null;
        }

        try
        {
            var found = await find(resumed);
            if (found is not null)
            {
                ChatLog.Found(_logger, _platform.Tool, found.ChannelId, found.MessageId, marker.RequestId, marker.Item);
            }

            return found;
        }
        catch (PermanentAdapterException e)
        {
            if (Interlocked.Exchange(ref _lookupWarned, 1) == 0)
            {
                ChatLog.LookupRefused(_logger, _platform.Tool, marker.RequestId, e.Message);
            }

            return null;
        }
    }

    private async Task ForEachAsync(IReadOnlyList<SentMessage> messages, StepProgress progress, string prefix, Func<SentMessage, Task> action, string requestId, DeferredItems deferred)
    {
        foreach (var message in messages)
        {
            var item = prefix + message;
            if (!progress.IsDone(item) && !deferred.Has(message.ChannelId))
            {
                await TryItemAsync(requestId, message.ChannelId, item, deferred, null, async () =>
                {
                    await action(message);
                    progress.MarkDone(item);
                });
            }
        }
    }

    /// <summary>
    /// Sends one item of a step to <paramref name="destination"/>. A refusal (a message someone deleted, a channel the
    /// bot left) is logged and noted in <paramref name="refused"/>; a request to come back later (a rate limit) is
    /// noted in <paramref name="deferred"/>. Either way the step goes on with its other items.
    /// </summary>
    private async Task TryItemAsync(string requestId, string destination, string item, DeferredItems deferred, List<PermanentAdapterException>? refused, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (PermanentAdapterException e)
        {
            ChatLog.ItemFailed(_logger, _platform.Tool, requestId, item, e.Message);
            refused?.Add(e);
        }
        catch (TransientAdapterException e)
        {
            ChatLog.ItemDeferred(_logger, _platform.Tool, requestId, item, e.Message);
            deferred.Add(destination, e);
        }
    }

    private async Task<List<string>> ResolveTargetsAsync(
        AccessRequestSnapshot request, IReadOnlyList<string>? routed, DeferredItems deferred, CancellationToken cancellationToken)
    {
        // Recipients routed by Access Monitoring Rules replace the configured ones and the suggested reviewers, as in
        // Teleport's plugins.
        var map = _settings.RoleToRecipients;
        var raw = routed ?? (request.Roles.Count > 0 ? map.Resolve(request.Roles) : map[RoleToRecipients.Wildcard])
            .Concat(_settings.Recipients).Concat(request.SuggestedReviewers.Where(LooksLikeEmail));
        return await ResolveAsync(request.Id, raw, deferred, cancellationToken);
    }

    /// <summary>The tool's targets for <paramref name="raw"/> recipients, each once; unknown ones are logged and skipped.</summary>
    private async Task<List<string>> ResolveAsync(string requestId, IEnumerable<string> raw, DeferredItems deferred, CancellationToken cancellationToken)
    {
        var recipients = raw
            .Select(r => r.Trim())
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var targets = new List<string>();
        foreach (var recipient in recipients)
        {
            string? target = null;
            var resolved = false;
            await TryItemAsync(requestId, recipient, recipient, deferred, null, async () =>
            {
                target = await _platform.ResolveRecipientAsync(recipient, cancellationToken);
                resolved = true;
            });
            if (!resolved)
            {
                continue;
            }

            if (target is null)
            {
                ChatLog.RecipientUnknown(_logger, _platform.Tool, recipient, requestId);
            }
            else if (!targets.Contains(target, StringComparer.Ordinal))
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    private static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.Any(char.IsWhiteSpace);
    }

    /// <summary>Disposes the tool's calls (their HTTP client) when the platform owns any; the host calls this at shutdown.</summary>
    public void Dispose() => (_platform as IDisposable)?.Dispose();
}
