using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// What a condition sees of one request, for one adapter: the fields of Teleport's AccessRequestExpressionEnv
/// (lib/accessmonitoring/request_mapping.go) plus <c>plugin.spec.name</c>, the form older Teleport rewrote a rule's
/// notification name into.
/// </summary>
internal sealed record ConditionEnvironment
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoTraits = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<string> SuggestedReviewers { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Annotations { get; init; } = NoTraits;

    public string User { get; init; } = string.Empty;

    public string RequestReason { get; init; } = string.Empty;

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset Expiry { get; init; }

    /// <summary>The requester's traits (see <see cref="RequesterTraits"/>); empty when the host may not read users, as in Teleport.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UserTraits { get; init; } = NoTraits;

    /// <summary>
    /// The labels of each requested resource found in Teleport (see <see cref="RequestedResourceLabels"/>), for
    /// <c>access_request.spec.resource_labels_union</c> and <c>_intersection</c>; empty for a request for roles.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ResourceLabels { get; init; } = [];

    /// <summary>The adapter the rules are evaluated for.</summary>
    public string PluginName { get; init; } = string.Empty;

    /// <summary>The environment of <paramref name="request"/> for <paramref name="adapter"/>.</summary>
    public static ConditionEnvironment Of(AccessRequestSnapshot request, string adapter) => new()
    {
        Roles = request.Roles,
        SuggestedReviewers = request.SuggestedReviewers,
        Annotations = request.SystemAnnotations,
        User = request.User,
        RequestReason = request.Reason,
        CreationTime = request.Created,
        // Teleport's access_request.spec.expiry is the access expiry (spec.Expires), not the request's TTL.
        Expiry = request.AccessExpires ?? default,
        PluginName = adapter,
    };
}
