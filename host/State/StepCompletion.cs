using System.Globalization;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.State;

/// <summary>What confirming a step writes.</summary>
/// <param name="Step">The step.</param>
/// <param name="Before">The adapter's state as it was handed to the adapter.</param>
/// <param name="After">The adapter's state after the call (unchanged on failure).</param>
/// <param name="Failed">Whether the step failed for good rather than succeeded.</param>
/// <param name="Resolution">For <see cref="StepKind.Resolved"/>, the request's state.</param>
/// <param name="AutoReview">For <see cref="StepKind.AutoReview"/>, what was decided.</param>
internal sealed record StepCompletion(
    LifecycleStep Step,
    IReadOnlyDictionary<string, string> Before,
    IReadOnlyDictionary<string, string> After,
    bool Failed,
    AccessRequestState Resolution = AccessRequestState.None,
    string AutoReview = "")
{
    /// <summary>The new plugin data: the adapter's own changes (host keys ignored), the bookkeeping advanced, no claim.</summary>
    /// <param name="record">The current record, holding our claim.</param>
    /// <param name="now">The time now.</param>
    /// <returns>The values to store.</returns>
    public IReadOnlyDictionary<string, string> Apply(RequestRecord record, DateTimeOffset now)
    {
        var changes = AdapterChanges(Before, After);
        changes.Add(new(HostKeys.Claim, string.Empty));
        changes.Add(new(HostKeys.Retrying, string.Empty));
        changes.Add(new(HostKeys.Resumed, string.Empty));
        switch (Step.Kind)
        {
            case StepKind.Created when !Failed:
                changes.Add(new(HostKeys.Created, StepLedger.UnixMilliseconds(now)));
                break;
            case StepKind.AutoReview:
                changes.Add(new(HostKeys.AutoReview, Failed ? "failed" : AutoReview));
                break;
            case StepKind.ReviewAdded:
                changes.Add(new(HostKeys.ReviewsCount, (Step.ReviewIndex + 1).ToString(CultureInfo.InvariantCulture)));
                break;
            case StepKind.Resolved:
                changes.Add(new(HostKeys.Resolution, StepLedger.ResolutionTag(Resolution)));
                break;
            case StepKind.Expired:
                changes.Add(new(HostKeys.Resolution, "EXPIRED"));
                break;
            case StepKind.Reminder:
                // Failed or not, this reminder is over: the next one is due at its own time.
                changes.Add(new(HostKeys.Reminders, Step.ReviewIndex.ToString(CultureInfo.InvariantCulture)));
                break;
        }

        if (Failed)
        {
            changes.Add(new(HostKeys.Failed, string.Join(',', record.Failed.Append(Step.Name))));
        }

        return StepLedger.With(record.Data, changes);
    }

    /// <summary>What the adapter changed in its own keys (host keys are never taken from the adapter).</summary>
    /// <param name="before">The adapter's state when the step began.</param>
    /// <param name="after">The adapter's state when the step ended, successfully or not.</param>
    /// <returns>The keys to set; an empty value removes a key.</returns>
    public static List<KeyValuePair<string, string>> AdapterChanges(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var changes = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in after.Where(pair => !HostKeys.IsHostKey(pair.Key)))
        {
            if (!string.Equals(before.GetValueOrDefault(key), value, StringComparison.Ordinal))
            {
                changes.Add(new(key, value));
            }
        }

        changes.AddRange(before.Keys.Where(key => !after.ContainsKey(key) && !HostKeys.IsHostKey(key)).Select(key => new KeyValuePair<string, string>(key, string.Empty)));
        return changes;
    }
}
