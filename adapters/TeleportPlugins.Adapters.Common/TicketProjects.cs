namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// Which project a ticket adapter (Jira, GitLab) files a request's issue in when Access Monitoring Rules route it: a
/// routed recipient names a project. One request keeps one issue, so that one decision (approve-from-tool, the
/// resolution) has one place and the plugin data keeps Teleport's single issue keys: the first routed recipient decides.
/// </summary>
public static class TicketProjects
{
    /// <summary>
    /// The project the first routed recipient names, when it is a project reference at all and <paramref name="allowed"/>
    /// admits it; the configured project when no recipient was routed, or when the first one is refused (then handed to
    /// the adapter's warning): a rule written for a chat adapter, or beyond the allow-list, must not fail the issue.
    /// </summary>
    /// <param name="routed">The step's routed recipients, null when no rule matched.</param>
    /// <param name="configured">The configured project.</param>
    /// <param name="allowed">The adapter's <c>allowed_projects</c>; empty admits every project.</param>
    /// <param name="isProject">Whether a recipient has the shape of the tool's project reference.</param>
    /// <param name="notAProject">Told the first recipient when it is no project reference.</param>
    /// <param name="notAllowed">Told the first recipient when the allow-list refuses it.</param>
    /// <returns>The project to file in, as written (IDs, keys and paths are compared in any case).</returns>
    public static string Choose(
        IReadOnlyList<string>? routed,
        string configured,
        IReadOnlyCollection<string> allowed,
        Func<string, bool> isProject,
        Action<string> notAProject,
        Action<string> notAllowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(isProject);
        ArgumentNullException.ThrowIfNull(notAProject);
        ArgumentNullException.ThrowIfNull(notAllowed);
        var first = routed?.Select(r => r.Trim()).FirstOrDefault(r => r.Length > 0);
        if (first is null || string.Equals(first, configured, StringComparison.OrdinalIgnoreCase))
        {
            return configured;
        }

        if (!isProject(first))
        {
            notAProject(first);
            return configured;
        }

        if (!Admits(first, configured, allowed))
        {
            notAllowed(first);
            return configured;
        }

        return first;
    }

    /// <summary>Whether the adapter may write into <paramref name="project"/>: the configured one, one in the allow-list, or any when the list is empty.</summary>
    /// <param name="project">The project.</param>
    /// <param name="configured">The configured project.</param>
    /// <param name="allowed">The adapter's <c>allowed_projects</c>.</param>
    /// <returns>Whether it is admitted.</returns>
    public static bool Admits(string project, string configured, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return allowed.Count == 0
            || string.Equals(project, configured, StringComparison.OrdinalIgnoreCase)
            || allowed.Contains(project, StringComparer.OrdinalIgnoreCase);
    }
}
