using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Routing;

/// <summary>
/// Teleport's users and resources for routing's look-ups: answers GetUser and ListResources from tables, or fails with a
/// set status, and counts the calls.
/// </summary>
internal sealed class CountingUsersClient : ITeleportOnBehalfClient
{
    private int _getUserCalls;
    private int _listResourcesCalls;

    /// <summary>The resources by kind and name, with their labels.</summary>
    public Dictionary<(string Kind, string Name), IReadOnlyDictionary<string, string>> Resources { get; } = [];

    /// <summary>When set, every ListResources fails with it.</summary>
    public StatusCode? ResourceFailure { get; set; }

    public int ListResourcesCalls => Volatile.Read(ref _listResourcesCalls);

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

    public Task<IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)>> ListResourceLabelsAsync(
        string kind, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listResourcesCalls);
        if (ResourceFailure is { } status)
        {
            throw new RpcException(new Status(status, "refused by the test"));
        }

        IReadOnlyList<(string, IReadOnlyDictionary<string, string>)> found =
            [.. names.Where(n => Resources.ContainsKey((kind, n))).Select(n => (n, Resources[(kind, n)]))];
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<TeleportUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing gets one user by name");

    public Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing reads no request");

    public Task<AccessRequestSnapshot> SubmitReviewOnBehalfAsync(
        string requestId, string author, string submittedBy, AccessRequestState proposedState, string reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException("routing submits no review");
}
