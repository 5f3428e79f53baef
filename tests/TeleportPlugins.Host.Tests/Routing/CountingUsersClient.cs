using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>Teleport's users for routing's trait look-ups: answers GetUser from a table, or fails with a set status, and counts the calls.</summary>
internal sealed class CountingUsersClient : ITeleportOnBehalfClient
{
    private int _getUserCalls;

    public Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every GetUser fails with it.</summary>
    public StatusCode? Failure { get; set; }

    public int GetUserCalls => Volatile.Read(ref _getUserCalls);

    public Task<TeleportUser> GetUserAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _getUserCalls);
        if (Failure is { } status)
        {
            throw new RpcException(new Status(status, "refused by the test"));
        }

        return Users.TryGetValue(name, out var traits)
            ? Task.FromResult(new TeleportUser(name, traits))
            : throw new RpcException(new Status(StatusCode.NotFound, $"user \"{name}\" is not found"));
    }

    public Task<IReadOnlyList<TeleportUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing gets one user by name");

    public Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing reads no request");

    public Task<AccessRequestSnapshot> SubmitReviewOnBehalfAsync(
        string requestId, string author, string submittedBy, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing submits no review");
}
