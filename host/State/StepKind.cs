namespace TeleportPlugins.Host.State;

/// <summary>The lifecycle steps an adapter is owed, in the order they are delivered.</summary>
internal enum StepKind
{
    /// <summary>Announce the request.</summary>
    Created = 0,

    /// <summary>Ask an on-call approver adapter whether to approve automatically.</summary>
    AutoReview = 1,

    /// <summary>Reply to one review.</summary>
    ReviewAdded = 2,

    /// <summary>The request was approved, denied or promoted.</summary>
    Resolved = 3,

    /// <summary>The request was deleted or expired before resolution.</summary>
    Expired = 4,

    /// <summary>Remind the reviewers of a request still pending (and maybe escalate it).</summary>
    Reminder = 5,
}
