using System.Collections.Immutable;
using System.Globalization;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.State;

/// <summary>
/// One adapter's plugin data for one request, read-only, with the host's bookkeeping parsed out. An entry written by
/// Teleport's own plugins (non-empty, no <c>tp_</c> key) counts as "created done" so its messages are updated, not
/// posted again.
/// </summary>
internal sealed class RequestRecord
{
    /// <summary>Wraps a plugin data map.</summary>
    /// <param name="data">The values as read from Teleport.</param>
    public RequestRecord(IReadOnlyDictionary<string, string> data)
    {
        Data = data.Where(pair => pair.Value.Length > 0).ToImmutableDictionary(StringComparer.Ordinal);
        var ours = Data.Keys.Any(key => key.StartsWith(AdapterRequestState.ReservedPrefix, StringComparison.Ordinal));
        IsLegacy = !ours && Data.Count > 0;
        Failed = [.. Get(HostKeys.Failed).Split(',', StringSplitOptions.RemoveEmptyEntries)];
        ReviewsCount = int.TryParse(Get(HostKeys.ReviewsCount), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        Claim = StepClaim.Parse(Get(HostKeys.Claim));
        RemindersDone = int.TryParse(Get(HostKeys.Reminders), NumberStyles.None, CultureInfo.InvariantCulture, out var reminders) ? reminders : 0;
    }

    /// <summary>An empty record: nothing done.</summary>
    public static RequestRecord Empty { get; } = new(ImmutableDictionary<string, string>.Empty);

    /// <summary>Every non-empty value.</summary>
    public ImmutableDictionary<string, string> Data { get; }

    /// <summary>Whether the entry was written by Teleport's own plugins.</summary>
    public bool IsLegacy { get; }

    /// <summary>Whether the created step is done.</summary>
    public bool IsCreated => IsLegacy || Get(HostKeys.Created).Length > 0;

    /// <summary>How many review steps are done.</summary>
    public int ReviewsCount { get; }

    /// <summary>The number of the last pending-request reminder done (0: none yet).</summary>
    public int RemindersDone { get; }

    /// <summary>"", APPROVED, DENIED, PROMOTED or EXPIRED.</summary>
    public string Resolution => Get(HostKeys.Resolution);

    /// <summary>The auto-approval result, or "" when not evaluated yet.</summary>
    public string AutoReview => Get(HostKeys.AutoReview);

    /// <summary>The current claim, if any.</summary>
    public StepClaim? Claim { get; }

    /// <summary>Names of steps that failed for good.</summary>
    public IReadOnlyList<string> Failed { get; }

    /// <summary>The value of a key, or "".</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public string Get(string key) => Data.GetValueOrDefault(key, string.Empty);

    /// <summary>The adapter's own state: everything but the host's keys, so the adapter can neither see nor clobber them.</summary>
    /// <returns>A fresh state object.</returns>
    public AdapterRequestState ToAdapterState() => new(Data.Where(pair => !HostKeys.IsHostKey(pair.Key)));
}
