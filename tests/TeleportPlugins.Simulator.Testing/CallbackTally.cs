using System.Globalization;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator.Testing;

/// <summary>
/// Counts forged and malformed approve-from-tool callbacks a test class tried and how many were rejected: a forged one
/// when it got 401, a malformed one when it got a 4xx, and either only when the adapter submitted nothing and the
/// simulator's audit did not change. The test output reports the counts (<see cref="Summary"/>), from real calls.
/// </summary>
/// <param name="tool">The tool's name for the summary.</param>
public sealed class CallbackTally(string tool)
{
    private int _forgedTried;
    private int _forgedRejected;
    private int _malformedTried;
    private int _malformedRejected;

    /// <summary>One line: <c>&lt;tool&gt;: forged callbacks tried N, rejected N; malformed tried N, rejected N</c>.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{tool}: forged callbacks tried {_forgedTried}, rejected {_forgedRejected}; malformed tried {_malformedTried}, rejected {_malformedRejected}");

    /// <summary>Whether any callback was counted.</summary>
    public bool Tried => _forgedTried + _malformedTried > 0;

    /// <summary>Sends a forged callback and counts it.</summary>
    /// <param name="teleport">Teleport's side, whose submissions and audit must not change.</param>
    /// <param name="send">Sends it.</param>
    /// <returns>The response.</returns>
    public Task<InboundResponse> ForgedAsync(SimulatedTeleportReviews teleport, Func<Task<InboundResponse>> send) =>
        CountAsync(teleport, send, status => status == 401, ref _forgedTried, forged: true);

    /// <summary>Sends a malformed or oversized callback and counts it.</summary>
    /// <param name="teleport">Teleport's side, whose submissions and audit must not change.</param>
    /// <param name="send">Sends it.</param>
    /// <returns>The response.</returns>
    public Task<InboundResponse> MalformedAsync(SimulatedTeleportReviews teleport, Func<Task<InboundResponse>> send) =>
        CountAsync(teleport, send, status => status is >= 400 and < 500, ref _malformedTried, forged: false);

    private Task<InboundResponse> CountAsync(SimulatedTeleportReviews teleport, Func<Task<InboundResponse>> send, Func<int, bool> refused, ref int tried, bool forged)
    {
        ArgumentNullException.ThrowIfNull(teleport);
        ArgumentNullException.ThrowIfNull(send);
        Interlocked.Increment(ref tried);
        return RecordAsync(teleport, send, refused, forged);
    }

    private async Task<InboundResponse> RecordAsync(SimulatedTeleportReviews teleport, Func<Task<InboundResponse>> send, Func<int, bool> refused, bool forged)
    {
        var (submissions, audit) = (teleport.Submissions, teleport.Audit.Count);
        var response = await send();
        if (refused(response.StatusCode) && teleport.Submissions == submissions && teleport.Audit.Count == audit)
        {
            Interlocked.Increment(ref forged ? ref _forgedRejected : ref _malformedRejected);
        }

        return response;
    }
}
