using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// The destinations of one step the tool asked to come back to later (429, 5xx, unreachable). Each destination has its
/// own limit, so a refusal of one is noted here and the step goes on with the others, skipping further items to a
/// deferred destination (waiting for it would delay the rest); at the end the step reports one transient failure with
/// the least Retry-After among them, and its retry sends only what is still missing (<see cref="StepProgress"/>
/// records what was done).
/// </summary>
internal sealed class DeferredItems
{
    private readonly List<TransientAdapterException> _errors = [];
    private readonly HashSet<string> _destinations = new(StringComparer.Ordinal);

    /// <summary>Whether any item was deferred.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Whether <paramref name="destination"/> asked to be left alone for the rest of the step.</summary>
    /// <param name="destination">A channel, user or recipient.</param>
    /// <returns>Whether it was deferred.</returns>
    public bool Has(string destination) => _destinations.Contains(destination);

    /// <summary>Notes a deferred destination.</summary>
    /// <param name="destination">A channel, user or recipient.</param>
    /// <param name="error">What the tool answered.</param>
    public void Add(string destination, TransientAdapterException error)
    {
        _destinations.Add(destination);
        _errors.Add(error);
    }

    /// <summary>Throws one transient failure for every deferred item, asking for the soonest Retry-After any gave.</summary>
    /// <exception cref="TransientAdapterException">When an item was deferred.</exception>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var others = _errors.Count > 1 ? $" (and {_errors.Count - 1} more item(s) of the step deferred)" : string.Empty;
        if (_errors.FirstOrDefault(e => e.InnerException is not null) is { } unreachable)
        {
            // A transport failure (a timeout, a cut connection) is passed on with its cause, from which the host tells
            // whether that item may have reached the tool, so that the retry looks for it; the host backs off then.
            throw new TransientAdapterException(unreachable.Message + others, unreachable);
        }

        // Min skips the items without a Retry-After; null when none gave one, so the host backs off.
        throw new TransientAdapterException(_errors[0].Message + others, _errors.Min(e => e.RetryAfter));
    }
}
