using System.Runtime.InteropServices;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests.Release;

/// <summary>
/// Runs the documented release command (host/deploy/release.sh) once for this machine's runtime, for every test in
/// this namespace: the host is published self-contained; the adapters are reused from the build the tests ran on.
/// </summary>
[SetUpFixture]
public sealed class PublishedRelease
{
    private static TempDirectory? s_temp;

    /// <summary>This machine's runtime identifier (linux-x64 or linux-arm64).</summary>
    public static string Runtime => $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";

    /// <summary>The release command's output folder.</summary>
    public static string Output => Path.Combine(s_temp?.Path ?? throw new InvalidOperationException("not published"), "release");

    /// <summary>The release folder for this machine's runtime.</summary>
    public static string Folder => Directory.GetDirectories(Output, $"teleport-plugins-*-{Runtime}").Single();

    /// <summary>The version the release folder is named after (teleport-plugins-&lt;version&gt;-&lt;runtime&gt;).</summary>
    public static string Version => Path.GetFileName(Folder)["teleport-plugins-".Length..^(Runtime.Length + 1)];

    /// <summary>The published executable.</summary>
    public static string Executable => Path.Combine(Folder, "teleport-plugins");

    /// <summary>The shipped adapters, as the build left them in artifacts/adapters.</summary>
    public static IReadOnlyList<string> ShippedAdapters =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "adapters"), "TeleportPlugins.Adapters.*")
            .Select(path => Path.GetFileName(path)["TeleportPlugins.Adapters.".Length..].ToLowerInvariant())
            .Where(name => name != "common")
            .Order(StringComparer.Ordinal)];

    [OneTimeSetUp]
    public static async Task PublishAsync()
    {
        s_temp = new TempDirectory();
        var script = Path.Combine(RepositoryPaths.Root, "host", "deploy", "release.sh");
        var (exitCode, output, error) = await Command.RunAsync(
            "bash", [script, "--runtime", Runtime, "--output", Output, "--no-adapter-build"], TimeSpan.FromMinutes(5), RepositoryPaths.Root);
        Assert.That(exitCode, Is.Zero, output + error);
    }

    [OneTimeTearDown]
    public static void Remove() => s_temp?.Dispose();
}
