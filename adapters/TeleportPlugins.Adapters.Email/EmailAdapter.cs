using System.Globalization;
using MimeKit;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// One e-mail per recipient for a new request, then replies in each recipient's thread (In-Reply-To and References
/// set to the first e-mail's Message-ID) for reviews, the resolution and expiry; the requester is told the outcome.
/// Every delivered e-mail is recorded in the request's state at once, so a retried step never sends it twice. Every
/// Message-ID is derived from the request, the recipient and the item (<see cref="MessageIds.For"/>), so a step resumed
/// after a crash (contract 1.2) first asks a transport that can be searched (Mailgun) whether the lost attempt's e-mail
/// was accepted and records it instead of sending it again; over SMTP the repeat carries the same Message-ID.
/// </summary>
internal sealed class EmailAdapter : IAccessRequestAdapter, IAccessListReminderSender, IReminderSender, IDisposable
{
    /// <summary>
    /// The recipients a reply step has reached: <c>step/address,address</c>. Overwritten by the next step, so it stays
    /// small, and a repeated step finds itself done.
    /// </summary>
    internal const string ProgressKey = "reply_progress";

    private readonly AdapterContext _host;
    private readonly IMailTransport _transport;
    private readonly RoleToRecipients _recipients;
    private readonly string _senderDomain;

    public EmailAdapter(AdapterContext host, EmailOptions options, IMailTransport transport)
    {
        _host = host;
        _transport = transport;
        _recipients = options.RoleToRecipients.IsEmpty ? host.RoleToRecipients : options.RoleToRecipients;
        _senderDomain = MailboxAddress.Parse(options.Delivery.Sender).Domain;
        EmailLog.UsingTransport(host.Logger, transport.Description);
    }

    public void Dispose() => (_transport as IDisposable)?.Dispose();

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => _transport.CheckHealthAsync(cancellationToken);

    public async Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var recipients = RecipientsOf(request, context.RoutedRecipients);
        if (recipients.Count == 0)
        {
            EmailLog.NoRecipients(_host.Logger, request.Id, string.Join(',', request.Roles));
            return;
        }

        var threads = EmailThreads.Parse(context.State.Get(EmailThreads.Key)).ToList();
        var cluster = ClusterOf(request);
        var body = EmailMessages.NewRequest(request, cluster);
        await DeliverAllAsync(request.Id, recipients.Where(r => !threads.Any(t => SameAddress(t.Email, r))), async recipient =>
        {
            var email = new OutgoingEmail(recipient, EmailMessages.Subject(cluster, request.Id), body, MessageIdFor(request, recipient, "created"), null);
            var id = await SendOnceAsync(context, email, cancellationToken);
            threads.Add(new EmailThread(recipient, _host.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), id));
            context.State.Set(EmailThreads.Key, EmailThreads.Format(threads));
            EmailLog.Announced(_host.Logger, request.Id, recipient, id);
        });
    }

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, $"review-{context.ReviewIndex.ToString(CultureInfo.InvariantCulture)}", $"review:{context.ReviewIndex.ToString(CultureInfo.InvariantCulture)}", EmailMessages.Review(context.Review), notifyRequester: false, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, "resolved", "resolved", EmailMessages.Resolved(context.Request, ClusterOf(context.Request)), notifyRequester: true, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) =>
        ReplyAsync(context, "expired", "expired", EmailMessages.Expired(context.Request, ClusterOf(context.Request)), notifyRequester: false, cancellationToken);

    /// <summary>
    /// A reminder: a reply in every recipient's thread (In-Reply-To and References, as the other follow-ups). When it
    /// escalates, each <c>escalate_to</c> address without a thread gets a new e-mail with the request's details and how
    /// long it has waited, which starts that address's thread: the request's later e-mails (reminders, reviews, the
    /// resolution) reach it as replies, so an address is escalated to once and then kept informed.
    /// </summary>
    public async Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var number = context.Number.ToString(CultureInfo.InvariantCulture);
        var step = "reminder-" + number;
        var cluster = ClusterOf(request);
        var subject = EmailMessages.Subject(cluster, request.Id);
        var threads = EmailThreads.Parse(context.State.Get(EmailThreads.Key)).ToList();
        var done = ReadProgress(context.State, step);
        var escalateTo = RecipientsOf(request, context.EscalateTo).Where(a => !threads.Any(t => SameAddress(t.Email, a)));
        var reminder = EmailMessages.Reminder(request, context.Number);
        var escalation = EmailMessages.Escalation(request, cluster, _host.TimeProvider.GetUtcNow() - request.Created);

        // One pass over both kinds, so that one address's failure holds up neither the replies nor the escalations.
        await DeliverAllAsync(request.Id, threads.Select(t => t.Email).Concat(escalateTo).Where(a => !done.Contains(a)), async recipient =>
        {
            if (threads.FirstOrDefault(t => SameAddress(t.Email, recipient)) is { } thread)
            {
                await SendOnceAsync(context, new OutgoingEmail(recipient, subject, reminder, MessageIdFor(request, recipient, "reminder:" + number), thread.MessageId), cancellationToken);
                EmailLog.Replied(_host.Logger, step, recipient, request.Id);
            }
            else
            {
                var id = await SendOnceAsync(context, new OutgoingEmail(recipient, subject, escalation, MessageIdFor(request, recipient, "escalation:" + number), null), cancellationToken);
                threads.Add(new EmailThread(recipient, _host.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), id));
                context.State.Set(EmailThreads.Key, EmailThreads.Format(threads));
                EmailLog.Escalated(_host.Logger, request.Id, context.Number, recipient, id);
            }

            done.Add(recipient);
            WriteProgress(context.State, step, done);
        });
    }

    /// <summary>
    /// One e-mail to the owner, whose Teleport user name must be an e-mail address. Its Message-ID is new per reminder
    /// (the time is part of it): reminders recur, and a mail system may drop an e-mail whose Message-ID it has seen.
    /// </summary>
    public async Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (!EmailAddresses.IsBareAddress(reminder.Owner))
        {
            throw new PermanentAdapterException($"access list owner {reminder.Owner} is not an e-mail address");
        }

        var subject = reminder.Overdue ? $"Access List {reminder.Title} is past due for a review" : $"Access List {reminder.Title} is due for a review";
        var sentAt = _host.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var id = MessageIds.For("access_list:" + reminder.AccessList, reminder.Owner, "reminder:" + sentAt, _senderDomain);
        await _transport.SendAsync(new OutgoingEmail(reminder.Owner, subject, reminder.ToText(), id, null), cancellationToken);
    }

    /// <summary>Replies in every thread this step has not reached yet, then tells the requester when asked to.</summary>
    /// <param name="step">The step's name in the progress record.</param>
    /// <param name="item">The item in the e-mails' Message-IDs: <c>review:N</c>, <c>resolved</c> or <c>expired</c>.</param>
    private async Task ReplyAsync(AccessRequestStepContext context, string step, string item, string body, bool notifyRequester, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var cluster = ClusterOf(request);
        var subject = EmailMessages.Subject(cluster, request.Id);
        var threads = EmailThreads.Parse(context.State.Get(EmailThreads.Key));
        var done = ReadProgress(context.State, step);

        if (threads.Count == 0)
        {
            EmailLog.NoThreads(_host.Logger, request.Id, step);
        }

        await DeliverAllAsync(request.Id, threads.Where(t => !done.Contains(t.Email)).Select(t => t.Email), async recipient =>
        {
            var thread = threads.First(t => t.Email == recipient);
            await SendOnceAsync(context, new OutgoingEmail(recipient, subject, body, MessageIdFor(request, recipient, item), thread.MessageId), cancellationToken);
            done.Add(recipient);
            WriteProgress(context.State, step, done);
            EmailLog.Replied(_host.Logger, step, recipient, request.Id);
        });

        if (notifyRequester && RequesterAddress(request, threads) is { } requester && !done.Contains(requester))
        {
            await DeliverAllAsync(request.Id, [requester], async recipient =>
            {
                await SendOnceAsync(context, new OutgoingEmail(recipient, subject, EmailMessages.RequesterNotice(request, cluster), MessageIdFor(request, recipient, "requester"), null), cancellationToken);
                done.Add(recipient);
                WriteProgress(context.State, step, done);
                EmailLog.RequesterNotified(_host.Logger, recipient, request.Id, request.State);
            });
        }
    }

    /// <summary>
    /// Sends one e-mail, unless the step resumes a lost attempt and the transport can show that it already accepted this
    /// very e-mail (same deterministic Message-ID): then the id it recorded is returned as if this attempt had sent it.
    /// Only a resumed step looks: the common path makes exactly one call per e-mail.
    /// </summary>
    /// <returns>The Message-ID the e-mail went out with, without brackets.</returns>
    private async Task<string> SendOnceAsync(AccessRequestStepContext context, OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (context.Resumed is { } resumed)
        {
            if (_transport is not ISentMailLookup lookup)
            {
                EmailLog.ResentWithoutLookup(_host.Logger, context.Request.Id, email.To, email.MessageId);
            }
            else if (await lookup.FindAcceptedAsync(email.MessageId, ResumeMarkers.SearchFrom(resumed), cancellationToken) is { } found)
            {
                EmailLog.FoundAccepted(_host.Logger, context.Request.Id, email.To, found);
                return found;
            }
        }

        return await _transport.SendAsync(email, cancellationToken);
    }

    /// <summary>
    /// Delivers to every recipient; one recipient's failure does not stop the others. A transient failure wins over a
    /// permanent one, so the host retries and the retry skips what was delivered.
    /// </summary>
    private async Task DeliverAllAsync(string requestId, IEnumerable<string> recipients, Func<string, Task> deliver)
    {
        TransientAdapterException? transient = null;
        PermanentAdapterException? permanent = null;
        foreach (var recipient in recipients.ToList())
        {
            try
            {
                await deliver(recipient);
            }
            catch (TransientAdapterException e)
            {
                EmailLog.DeliveryFailed(_host.Logger, recipient, requestId, e.Message);
                transient ??= e;
            }
            catch (PermanentAdapterException e)
            {
                EmailLog.DeliveryFailed(_host.Logger, recipient, requestId, e.Message);
                permanent ??= e;
            }
        }

        if (transient is not null)
        {
            throw transient;
        }

        if (permanent is not null)
        {
            throw permanent;
        }
    }

    /// <summary>The addresses to mail: those routed by Access Monitoring Rules, else role_to_recipients and suggested reviewers.</summary>
    private List<string> RecipientsOf(AccessRequestSnapshot request, IReadOnlyList<string>? routed)
    {
        var result = new List<string>();
        foreach (var candidate in routed ?? _recipients.Resolve(request.Roles).Concat(request.SuggestedReviewers))
        {
            if (!IsUsableAddress(candidate))
            {
                // Suggested reviewers may be Teleport user names; the anchor only mails those that are addresses.
                if (routed is not null || !request.SuggestedReviewers.Contains(candidate))
                {
                    EmailLog.InvalidRecipient(_host.Logger, candidate, request.Id);
                }

                continue;
            }

            if (!result.Any(existing => SameAddress(existing, candidate)))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private string? RequesterAddress(AccessRequestSnapshot request, IReadOnlyList<EmailThread> threads)
    {
        if (!IsUsableAddress(request.User))
        {
            EmailLog.RequesterWithoutAddress(_host.Logger, request.User, request.Id);
            return null;
        }

        // A requester who is also a reviewer already got the resolution in their thread.
        return threads.Any(t => SameAddress(t.Email, request.User)) ? null : request.User;
    }

    private static bool IsUsableAddress(string candidate) =>
        EmailThreads.IsStorable(candidate) && EmailAddresses.IsBareAddress(candidate);

    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private string ClusterOf(AccessRequestSnapshot request) => request.Cluster.Length > 0 ? request.Cluster : _host.Cluster.Name;

    private string MessageIdFor(AccessRequestSnapshot request, string recipient, string item) => MessageIds.For(request.Id, recipient, item, _senderDomain);

    private static HashSet<string> ReadProgress(AdapterRequestState state, string step)
    {
        var value = state.Get(ProgressKey);
        var prefix = step + "/";
        return value is not null && value.StartsWith(prefix, StringComparison.Ordinal)
            ? new HashSet<string>(value[prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    private static void WriteProgress(AdapterRequestState state, string step, IEnumerable<string> done) =>
        state.Set(ProgressKey, $"{step}/{string.Join(',', done)}");
}
