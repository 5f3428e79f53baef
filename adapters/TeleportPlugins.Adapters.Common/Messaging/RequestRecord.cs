using System.Text.Json;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// Keeps the request's details in its state under the keys Teleport's plugins use (<c>user</c>, <c>roles</c>,
/// <c>resources</c>, <c>request_reason</c>), because after a restart an expiry may arrive with only the request ID,
/// and the edited message must still show who asked for what.
/// </summary>
internal static class RequestRecord
{
    private const string UserKey = "user";
    private const string RolesKey = "roles";
    private const string ResourcesKey = "resources";
    private const string ReasonKey = "request_reason";

    public static void Save(AdapterRequestState state, AccessRequestSnapshot request)
    {
        state.Set(UserKey, request.User);
        state.Set(RolesKey, string.Join(',', request.Roles));
        state.Set(ResourcesKey, request.Resources.Count == 0 ? string.Empty : JsonSerializer.Serialize(request.Resources.Select(r => r.ToString()).ToArray()));
        state.Set(ReasonKey, TextLimits.Truncate(request.Reason, ChatRenderer.ReasonLimit));
    }

    /// <summary>The snapshot itself when it carries the details, else one completed from the state.</summary>
    public static (AccessRequestSnapshot Request, IReadOnlyList<string> Resources) Restore(AdapterRequestState state, AccessRequestSnapshot request)
    {
        if (request.User.Length > 0)
        {
            return (request, [.. request.Resources.Select(r => r.ToString())]);
        }

        string[] resources = [];
        if (state.Get(ResourcesKey) is { } json)
        {
            try
            {
                resources = JsonSerializer.Deserialize<string[]>(json) ?? [];
            }
            catch (JsonException)
            {
                // Written by someone else in another shape: show the request without its resources rather than fail.
            }
        }

        var restored = request with
        {
            User = state.Get(UserKey) ?? string.Empty,
            Roles = (state.Get(RolesKey) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            Reason = state.Get(ReasonKey) ?? string.Empty,
        };
        return (restored, resources);
    }
}
