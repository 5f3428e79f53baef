using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>A recording adapter that says the requester's colleague is on call, counting evaluations.</summary>
internal sealed class OnCallAdapter(string name) : RecordingAdapter(name), IOnCallApprover
{
    private int _evaluations;

    public int Evaluations => Volatile.Read(ref _evaluations);

    public Task<OnCallDecision> EvaluateAsync(AccessRequestSnapshot request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _evaluations);
        return Task.FromResult(OnCallDecision.OnCall("alice is on call for db"));
    }
}
