using System.Globalization;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>
/// Counts forged and malformed approve-from-tool callbacks a test class tried and how many were rejected: a forged one
/// when it got 401 and submitted nothing to Teleport, a malformed one when it got a 4xx and submitted nothing. The
/// test output reports the counts (<see cref="Summary"/>), from real calls.
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

    /// <summary>Sends a forged callback and counts it.</summary>
    /// <param name="teleport">Teleport's side, whose submissions must not change.</param>
    /// <param name="send">Sends it.</param>
    /// <returns>The response.</returns>
    public Task<InboundResponse> ForgedAsync(FakeTeleportReviews teleport, Func<Task<InboundResponse>> send) =>
        CountAsync(teleport, send, status => status == 401, ref _forgedTried, forged: true);

    /// <summary>Sends a malformed or oversized callback and counts it.</summary>
    /// <param name="teleport">Teleport's side, whose submissions must not change.</param>
    /// <param name="send">Sends it.</param>
    /// <returns>The response.</returns>
    public Task<InboundResponse> MalformedAsync(FakeTeleportReviews teleport, Func<Task<InboundResponse>> send) =>
        CountAsync(teleport, send, status => status is >= 400 and < 500, ref _malformedTried, forged: false);

    private Task<InboundResponse> CountAsync(FakeTeleportReviews teleport, Func<Task<InboundResponse>> send, Func<int, bool> refused, ref int tried, bool forged)
    {
        ArgumentNullException.ThrowIfNull(teleport);
        ArgumentNullException.ThrowIfNull(send);
        Interlocked.Increment(ref tried);
        return RecordAsync(teleport, send, refused, forged);
    }

    private async Task<InboundResponse> RecordAsync(FakeTeleportReviews teleport, Func<Task<InboundResponse>> send, Func<int, bool> refused, bool forged)
    {
        var before = teleport.Submissions;
        var response = await send();
        if (refused(response.StatusCode) && teleport.Submissions == before)
        {
            Interlocked.Increment(ref forged ? ref _forgedRejected : ref _malformedRejected);
        }

        return response;
    }
}
