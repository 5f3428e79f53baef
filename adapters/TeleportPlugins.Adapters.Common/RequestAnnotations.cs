using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>Reads names (services, schedules, teams) from a request's system annotations the way the anchors do.</summary>
public static class RequestAnnotations
{
    /// <summary>
    /// The annotation's values sorted and without duplicates or blanks (Teleport's <c>GetNamesFromAnnotations</c>), or
    /// empty when the request does not carry the annotation.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="key">The annotation key, e.g. <c>teleport.dev/schedules</c>.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> Names(AccessRequestSnapshot request, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.SystemAnnotations.TryGetValue(key, out var values)
            ? [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The annotation's first non-blank value as written (order matters where only one is used), or null.</summary>
    /// <param name="request">The request.</param>
    /// <param name="key">The annotation key.</param>
    /// <returns>The value or null.</returns>
    public static string? First(AccessRequestSnapshot request, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.SystemAnnotations.TryGetValue(key, out var values)
            ? values.Select(v => v.Trim()).FirstOrDefault(v => v.Length > 0)
            : null;
    }
}
