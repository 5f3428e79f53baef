using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The status labels, named and coloured as Teleport's former GitLab plugin made them.</summary>
internal static class GitLabLabels
{
    public const string Prefix = "Teleport: ";
    public const string Pending = Prefix + "Pending";
    public const string Approved = Prefix + "Approved";
    public const string Denied = Prefix + "Denied";
    public const string Expired = Prefix + "Expired";

    public static IReadOnlyList<(string Name, string Color)> All { get; } =
        [(Pending, "#FFECDB"), (Approved, "#428BCA"), (Denied, "#D9534F"), (Expired, "#7F8C8D")];

    /// <summary>The label an outcome is shown with; promoted requests count as approved.</summary>
    public static string For(AccessRequestState resolution) => resolution switch
    {
        AccessRequestState.Approved or AccessRequestState.Promoted => Approved,
        AccessRequestState.Denied => Denied,
        _ => Expired,
    };

    /// <summary>What adding a label decides, or <see cref="AccessRequestState.None"/>.</summary>
    public static AccessRequestState Decision(string? label) =>
        string.Equals(label, Approved, StringComparison.OrdinalIgnoreCase) ? AccessRequestState.Approved
        : string.Equals(label, Denied, StringComparison.OrdinalIgnoreCase) ? AccessRequestState.Denied
        : AccessRequestState.None;
}
