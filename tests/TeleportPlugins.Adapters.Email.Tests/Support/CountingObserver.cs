using System.Collections.Concurrent;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>Counts the calls a fake in counted mode reports, by kind, as the load tool's bookkeeping does.</summary>
public sealed class CountingObserver : ICallObserver
{
    private readonly ConcurrentQueue<CallKind> _kinds = new();

    /// <inheritdoc />
    public bool Recording => true;

    /// <summary>The kinds reported, in order.</summary>
    public IReadOnlyList<CallKind> Kinds => [.. _kinds];

    /// <inheritdoc />
    public void Accepted(CallKind kind, string body) => _kinds.Enqueue(kind);
}
