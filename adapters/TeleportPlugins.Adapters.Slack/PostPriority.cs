namespace TeleportPlugins.Adapters.Slack;

/// <summary>Which of the posts waiting for one channel's next slot goes first.</summary>
internal enum PostPriority
{
    /// <summary>A new request's message: reviewers learn of the request, so it goes before anything else waiting.</summary>
    Announcement = 0,

    /// <summary>A review's reply in a thread or a direct message to a requester: goes once no announcement waits.</summary>
    FollowUp = 1,
}
