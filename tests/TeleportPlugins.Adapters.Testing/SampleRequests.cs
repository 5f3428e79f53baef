using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>Access Request snapshots for adapter tests, shaped like the host makes them.</summary>
public static class SampleRequests
{
    /// <summary>When the sample requests were made.</summary>
    public static DateTimeOffset Created { get; } = new(2026, 11, 21, 11, 0, 0, TimeSpan.Zero);

    /// <summary>A pending request by alice@example.com for <paramref name="roles"/> (default <c>editor</c>).</summary>
    /// <param name="id">The request ID.</param>
    /// <param name="roles">The requested roles.</param>
    /// <param name="proxy">The proxy address for the Web UI link, or null for none.</param>
    /// <returns>The snapshot.</returns>
    public static AccessRequestSnapshot Pending(string id = "0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10", IReadOnlyList<string>? roles = null, string? proxy = "teleport.example.com:443") => new()
    {
        Id = id,
        Cluster = "teleport.example.com",
        User = "alice@example.com",
        Roles = roles ?? ["editor"],
        Resources = [new RequestedResource("teleport.example.com", "node", "db-1")],
        Reason = "Investigating incident INC-42",
        Created = Created,
        RequestExpires = Created.AddHours(1),
        WebUiLink = proxy is null ? null : new Uri($"https://{proxy}/web/requests/{id}"),
    };

    /// <summary>The request with one more review.</summary>
    /// <param name="request">The request.</param>
    /// <param name="author">The reviewer.</param>
    /// <param name="state">Approved or denied.</param>
    /// <param name="reason">The reviewer's reason.</param>
    /// <returns>The snapshot and the review's index.</returns>
    public static (AccessRequestSnapshot Request, AccessReview Review, int Index) WithReview(this AccessRequestSnapshot request, string author, AccessRequestState state, string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var review = new AccessReview(author, state, reason, Created.AddMinutes(5 + request.Reviews.Count));
        return (request with { Reviews = [.. request.Reviews, review] }, review, request.Reviews.Count);
    }

    /// <summary>The request resolved.</summary>
    /// <param name="request">The request.</param>
    /// <param name="state">Approved, denied or promoted.</param>
    /// <param name="reason">The resolution reason.</param>
    /// <returns>The snapshot.</returns>
    public static AccessRequestSnapshot Resolved(this AccessRequestSnapshot request, AccessRequestState state, string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with { State = state, ResolveReason = reason };
    }

    /// <summary>What the host knows of a deleted request after a restart: only its ID and cluster.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The bare snapshot.</returns>
    public static AccessRequestSnapshot Bare(this AccessRequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AccessRequestSnapshot { Id = request.Id, Cluster = request.Cluster, User = string.Empty };
    }

    /// <summary>Runs a step like the host: the state survives a throwing attempt, and the failure is returned.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The exception the attempt threw, or null when it succeeded.</returns>
    public static async Task<Exception?> AttemptAsync(Func<Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await step();
            return null;
        }
        catch (Exception e) when (e is TransientAdapterException or PermanentAdapterException or HttpRequestException)
        {
            return e;
        }
    }
}
