using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// Remembers, in the request's state, which items of the current step are done (a recipient posted to, a thread
/// replied to, a message edited). The host persists the state even when a step throws, so a retried step skips what
/// an earlier attempt already sent and never posts twice.
/// </summary>
/// <remarks>One key serves every step because the host never runs two steps of a request at once.</remarks>
public sealed class StepProgress
{
    /// <summary>The plugin-data key.</summary>
    public const string StateKey = "progress";

    private readonly AdapterRequestState _state;
    private readonly string _step;
    private readonly List<string> _done;

    private StepProgress(AdapterRequestState state, string step, List<string> done)
    {
        _state = state;
        _step = step;
        _done = done;
    }

    /// <summary>The progress of <paramref name="step"/>; empty when the state records another step.</summary>
    /// <param name="state">The request's state.</param>
    /// <param name="step">A name for the step, unique per request, e.g. <c>review:2</c>.</param>
    /// <returns>The progress.</returns>
    public static StepProgress For(AdapterRequestState state, string step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(step);
        var stored = state.Get(StateKey) ?? string.Empty;
        var bar = stored.IndexOf('|', StringComparison.Ordinal);
        var done = bar >= 0 && string.Equals(stored[..bar], step, StringComparison.Ordinal)
            ? stored[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList()
            : [];
        return new StepProgress(state, step, done);
    }

    /// <summary>Whether <paramref name="item"/> was already done by an earlier attempt.</summary>
    /// <param name="item">The item, e.g. a channel or <c>channel/message</c>.</param>
    /// <returns>Whether it is done.</returns>
    public bool IsDone(string item) => _done.Contains(item, StringComparer.Ordinal);

    /// <summary>Records <paramref name="item"/> as done, at once, in the state.</summary>
    /// <param name="item">The item; must not contain ',' or '|'.</param>
    public void MarkDone(string item)
    {
        ArgumentException.ThrowIfNullOrEmpty(item);
        if (item.Contains(',', StringComparison.Ordinal) || item.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("Progress items cannot contain ',' or '|'.", nameof(item));
        }

        if (!IsDone(item))
        {
            _done.Add(item);
            _state.Set(StateKey, $"{_step}|{string.Join(',', _done)}");
        }
    }
}
