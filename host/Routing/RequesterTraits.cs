using Grpc.Core;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The requester's traits for <c>user.traits</c> in rule conditions, read as Teleport's access plugins read them
/// (integrations/access/accessmonitoring: the user by name, without secrets) and kept for a minute, so the steps of one
/// request and a burst of requests by one user ask Teleport once. Without read on user the traits are empty and the
/// rules still evaluate, as in Teleport, and that is said once; a user that cannot be read for another reason routes
/// the request by role_to_recipients (Teleport: no rule recipients), and a Teleport that does not answer fails the step
/// so it is retried.
/// </summary>
internal sealed partial class RequesterTraits(ITeleportOnBehalfClient users, TimeProvider time, ILogger<RequesterTraits> logger)
{
    /// <summary>How long a user's traits are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int Capacity = 10_000;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> None = new Dictionary<string, IReadOnlyList<string>>();

    private readonly LookupCache<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> _traits = new(time, Lifetime, Capacity);
    private readonly PermissionRefusal _refusal = new(time, Lifetime);

    /// <summary>The traits of <paramref name="user"/>: empty without permission, null when the user could not be read.</summary>
    /// <exception cref="RpcException">Teleport did not answer (Unavailable, DeadlineExceeded): the step is retried.</exception>
    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<string>>?> GetAsync(string user, CancellationToken cancellationToken)
    {
        if (_traits.TryGet(user, out var cached))
        {
            return cached;
        }

        IReadOnlyDictionary<string, IReadOnlyList<string>> traits;
        try
        {
            traits = (await users.GetUserAsync(user, cancellationToken).ConfigureAwait(false)).Traits;
            _refusal.Granted();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            if (_refusal.Refused())
            {
                LogTraitsDenied(logger);
            }

            // Kept like an answer, so a host without the permission does not ask on every step.
            traits = None;
        }
        catch (RpcException e) when (!TeleportFailures.IsTransient(e))
        {
            LogUserUnreadable(logger, user, e.StatusCode);
            return null;
        }

        _traits.Set(user, traits);
        return traits;
    }

    [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "Access Monitoring Rules see no user.traits: the host's Teleport role may not read users (it needs the rule resources [user] with verbs [read]); conditions on traits evaluate with none")]
    private static partial void LogTraitsDenied(ILogger logger);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "Access Monitoring Rules: requester {User} could not be read ({Status}); the request is routed by role_to_recipients")]
    private static partial void LogUserUnreadable(ILogger logger, string user, StatusCode status);
}
