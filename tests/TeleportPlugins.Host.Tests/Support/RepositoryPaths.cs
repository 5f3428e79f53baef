namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Finds the repository's folders from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Plugins.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Plugins.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>The build output of a fixture project under tests/Fixtures.</summary>
    public static string Fixture(string projectName)
    {
        var path = Path.Combine(Artifacts, "fixtures", projectName);
        return Directory.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution first (the test project references the fixtures)");
    }

    /// <summary>The host executable's assembly, next to the test assembly.</summary>
    public static string HostAssembly => Path.Combine(AppContext.BaseDirectory, "teleport-plugins.dll");
}
