using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common;

/// <summary>Wording the ticketing and on-call adapters share with Teleport's own plugins.</summary>
public static class TicketText
{
    /// <summary>Teleport's plugins cut request reasons to this many characters in tickets.</summary>
    public const int ReasonLimit = 3000;

    /// <summary>The tag a resolution is written with: approved, denied, promoted or expired.</summary>
    /// <param name="state">The resolution, or <see cref="AccessRequestState.None"/> for an expired request.</param>
    /// <returns>The lower-case tag.</returns>
    public static string ResolutionTag(AccessRequestState state) => state switch
    {
        AccessRequestState.Approved => "approved",
        AccessRequestState.Denied => "denied",
        AccessRequestState.Promoted => "promoted",
        _ => "expired",
    };

    /// <summary>The requested roles, comma-separated.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The roles.</returns>
    public static string Roles(AccessRequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Join(", ", request.Roles);
    }

    /// <summary>How a reviewer acts on the request: the Web UI link, or the <c>tsh</c> commands when the proxy is unknown.</summary>
    /// <param name="request">The request.</param>
    /// <returns>One sentence.</returns>
    public static string ReviewHint(AccessRequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.WebUiLink is { } link
            ? $"To approve or deny the request, proceed to {link}"
            : $"To approve or deny the request, run: tsh request review --approve {request.Id} or tsh request review --deny {request.Id}";
    }

    /// <summary>The reason, cut to <see cref="ReasonLimit"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The reason as shown.</returns>
    public static string Reason(string reason) => TextLimits.Truncate(reason ?? string.Empty, ReasonLimit);
}
