namespace TeleportPlugins.Host.Teleport;

/// <summary>How the host talks to the Auth Service.</summary>
internal sealed record TeleportClientOptions
{
    /// <summary>The deadline of each unary call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Page size of ListAccessRequests.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>The oldest Auth Service version the host supports (CreateAccessRequestV2 and GetAccessRequestsV2 exist from 14).</summary>
    public Version MinimumServerVersion { get; init; } = new(14, 0, 0);
}
