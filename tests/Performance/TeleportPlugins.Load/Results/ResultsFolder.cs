using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Load.Results;

/// <summary>Where results go unless told otherwise.</summary>
public static class ResultsFolder
{
    /// <summary>tests/Performance/results in the repository.</summary>
    public static string Default => Path.Combine(RepositoryPaths.Root, "tests", "Performance", "results");
}
