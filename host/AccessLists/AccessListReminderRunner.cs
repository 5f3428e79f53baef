using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.AccessLists;

/// <summary>
/// One pass over every access list: for a list inside its notification window, each owner is reminded through each
/// reminding adapter once per interval (<see cref="ReminderSchedule"/>). As Teleport's access list app does, what was
/// sent is kept in plugin data on the access list (kind <c>access_list</c>, plugin = the adapter's name, one key per
/// owner holding the time of the last reminder) and written with compare-and-swap, so replicas and restarts agree. Unlike
/// the anchor, an owner is claimed before the reminder is sent (the host's claim-then-perform rule), so two replicas
/// never both send; a reminder the tool could not take now gives the claim back for the next pass.
/// </summary>
internal sealed partial class AccessListReminderRunner(
    IAccessListSource source,
    Func<IReadOnlyList<ReminderSender>> senders,
    Func<string?> proxyPublicAddress,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Prefix of the plugin data key per owner.</summary>
    public const string OwnerKeyPrefix = "reminded/";

    // A contended write is re-read and retried; replicas converge within a few rounds, so more means something is wrong.
    private const int MaxCompareAttempts = 8;

    /// <summary>Lists every access list (paged) and reminds whoever is due.</summary>
    /// <param name="cancellationToken">Ends the pass.</param>
    /// <returns>How many reminders were sent.</returns>
    /// <exception cref="RpcException">Listing access lists failed (PermissionDenied, Unimplemented, Unavailable, ...).</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var active = senders();
        if (active.Count == 0)
        {
            return 0;
        }

        var owners = new OwnerResolver(source);
        var sent = 0;
        var token = string.Empty;
        do
        {
            var page = await source.ListAccessListsAsync(token, cancellationToken).ConfigureAwait(false);
            foreach (var list in page.Items)
            {
                sent += await RemindAsync(list, owners, active, cancellationToken).ConfigureAwait(false);
            }

            token = page.NextToken;
        }
        while (token.Length > 0);

        return sent;
    }

    private async Task<int> RemindAsync(AccessListEntry list, OwnerResolver owners, IReadOnlyList<ReminderSender> active, CancellationToken cancellationToken)
    {
        // Each adapter may have its own notification window: owners are read only when one of them is due.
        var now = timeProvider.GetUtcNow();
        var due = active
            .Select(adapter => (Adapter: adapter, Start: ReminderSchedule.IntervalStart(list, now, adapter.NotificationWindow)))
            .Where(d => d.Start is not null)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<string> users;
        try
        {
            users = await owners.ResolveAsync(list, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            LogOwnersFailed(logger, list.Name, e.StatusCode, e.Status.Detail);
            return 0;
        }

        if (users.Count == 0)
        {
            LogNoOwners(logger, list.Name);
            return 0;
        }

        var sent = 0;
        foreach (var (adapter, intervalStart) in due)
        {
            try
            {
                sent += await RemindThroughAsync(list, users, adapter, intervalStart!.Value, now, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                LogStateFailed(logger, adapter.Name, list.Name, e.StatusCode, e.Status.Detail);
            }
        }

        return sent;
    }

    private async Task<int> RemindThroughAsync(
        AccessListEntry list, IReadOnlyList<string> users, ReminderSender adapter, DateTimeOffset intervalStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(list.Name, adapter.Name, users, intervalStart, now, cancellationToken).ConfigureAwait(false);
        var nowText = Format(now);
        var daysPastDue = now < list.NextAuditDate!.Value ? (int?)null : (int)(now - list.NextAuditDate.Value).TotalDays;
        var link = AccessRequestMapper.WebUiLink(proxyPublicAddress(), "accesslists", list.Name);
        var sent = 0;
        foreach (var (owner, previous) in claimed)
        {
            var reminder = new AccessListReminder(list.Name, list.Title, owner, list.NextAuditDate.Value, daysPastDue, link);
            try
            {
                await adapter.Sender.SendAccessListReminderAsync(reminder, cancellationToken).ConfigureAwait(false);
                sent++;
                LogSent(logger, adapter.Name, list.Name, owner);
            }
            catch (PermanentAdapterException e)
            {
                // Kept claimed: the tool will not take it this interval either; the next interval tries again.
                LogRefused(logger, adapter.Name, list.Name, owner, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, adapter.Name, list.Name, owner, e.GetType().Name);
                await ReleaseAsync(list.Name, adapter.Name, owner, nowText, previous, cancellationToken).ConfigureAwait(false);
            }
        }

        return sent;
    }

    // Claims the owners not yet reminded in this interval: writes the time now for each, expecting what was read. Returns
    // each claimed owner with the value it had, so a failed send can give the claim back.
    private async Task<IReadOnlyList<(string Owner, string Previous)>> ClaimAsync(
        string list, string plugin, IReadOnlyList<string> users, DateTimeOffset intervalStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var data = await source.GetPluginDataAsync(list, plugin, cancellationToken).ConfigureAwait(false);
            var due = new List<(string Owner, string Previous)>();
            foreach (var user in users)
            {
                var previous = data.GetValueOrDefault(OwnerKeyPrefix + user, string.Empty);
                if (!DateTimeOffset.TryParse(previous, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var last) || last < intervalStart)
                {
                    due.Add((user, previous));
                }
            }

            if (due.Count == 0)
            {
                return due;
            }

            var set = due.ToDictionary(d => OwnerKeyPrefix + d.Owner, _ => Format(now), StringComparer.Ordinal);
            var expect = due.ToDictionary(d => OwnerKeyPrefix + d.Owner, d => d.Previous, StringComparer.Ordinal);
            try
            {
                await source.UpdatePluginDataAsync(list, plugin, set, expect, cancellationToken).ConfigureAwait(false);
                return due;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && attempt < MaxCompareAttempts)
            {
                LogContended(logger, plugin, list);
            }
        }
    }

    private async Task ReleaseAsync(string list, string plugin, string owner, string claimedAt, string previous, CancellationToken cancellationToken)
    {
        try
        {
            var key = OwnerKeyPrefix + owner;
            await source.UpdatePluginDataAsync(
                list,
                plugin,
                new Dictionary<string, string> { [key] = previous },
                new Dictionary<string, string> { [key] = claimedAt },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            // The claim stays: this owner waits for the next interval rather than risk a second reminder.
            LogReleaseFailed(logger, plugin, list, owner, e.StatusCode);
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 2751, Level = LogLevel.Information, Message = "{Adapter} reminded {Owner} to review access list {AccessList}")]
    private static partial void LogSent(ILogger logger, string adapter, string accessList, string owner);

    [LoggerMessage(EventId = 2752, Level = LogLevel.Warning, Message = "{Adapter} refused the access list reminder for {Owner} on {AccessList}: {Reason}; the next interval tries again")]
    private static partial void LogRefused(ILogger logger, string adapter, string accessList, string owner, string reason);

    [LoggerMessage(EventId = 2753, Level = LogLevel.Warning, Message = "{Adapter} could not send the access list reminder for {Owner} on {AccessList} ({Error}); the next pass tries again")]
    private static partial void LogFailed(ILogger logger, string adapter, string accessList, string owner, string error);

    [LoggerMessage(EventId = 2754, Level = LogLevel.Warning, Message = "Could not read the owners of access list {AccessList}: {Code} {Detail}")]
    private static partial void LogOwnersFailed(ILogger logger, string accessList, StatusCode code, string detail);

    [LoggerMessage(EventId = 2755, Level = LogLevel.Warning, Message = "Access list {AccessList} is due for review but has no owner to remind")]
    private static partial void LogNoOwners(ILogger logger, string accessList);

    [LoggerMessage(EventId = 2756, Level = LogLevel.Warning, Message = "Could not record {Adapter}'s access list reminders on {AccessList}: {Code} {Detail}")]
    private static partial void LogStateFailed(ILogger logger, string adapter, string accessList, StatusCode code, string detail);

    [LoggerMessage(EventId = 2757, Level = LogLevel.Debug, Message = "{Adapter}'s reminder data on access list {AccessList} changed meanwhile; reading it again")]
    private static partial void LogContended(ILogger logger, string adapter, string accessList);

    [LoggerMessage(EventId = 2758, Level = LogLevel.Warning, Message = "Could not give back {Adapter}'s reminder claim for {Owner} on {AccessList} ({Code}); that owner waits for the next interval")]
    private static partial void LogReleaseFailed(ILogger logger, string adapter, string accessList, string owner, StatusCode code);
}
