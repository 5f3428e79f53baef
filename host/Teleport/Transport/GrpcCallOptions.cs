namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Per-call settings.</summary>
internal sealed record GrpcCallOptions
{
    /// <summary>No deadline, no metadata.</summary>
    public static GrpcCallOptions None { get; } = new();

    /// <summary>
    /// When the call must have completed, on the invoker's <see cref="TimeProvider"/> clock. Sent to the server as
    /// <c>grpc-timeout</c> and enforced locally: the call then fails with <see cref="GrpcStatusCode.DeadlineExceeded"/>.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// Request metadata, sent as HTTP/2 headers. Keys are lower-case ASCII; keys ending in <c>-bin</c> take base64
    /// values. Keys the protocol owns (<c>grpc-*</c>, <c>content-type</c>, <c>te</c>, ...) are refused.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}
