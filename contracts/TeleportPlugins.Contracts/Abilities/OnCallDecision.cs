namespace TeleportPlugins.Contracts;

/// <summary>The answer of <see cref="IOnCallApprover.EvaluateAsync"/>.</summary>
public sealed record OnCallDecision
{
    private OnCallDecision(bool approve, string evidence)
    {
        Approve = approve;
        Evidence = evidence;
    }

    /// <summary>Whether the requester should be approved.</summary>
    public bool Approve { get; }

    /// <summary>Why, in words a reviewer understands, e.g. "alice@example.com is on call in schedule 'SRE'".</summary>
    public string Evidence { get; }

    /// <summary>The requester is on call.</summary>
    /// <param name="evidence">What shows it.</param>
    /// <returns>An approving decision.</returns>
    public static OnCallDecision OnCall(string evidence) => new(true, evidence);

    /// <summary>The requester is not on call, or the request names nothing to check.</summary>
    /// <param name="reason">Why not, for the log.</param>
    /// <returns>A non-approving decision.</returns>
    public static OnCallDecision NotOnCall(string reason) => new(false, reason);
}
