using System.Diagnostics;
using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Load.Fakes;

namespace TeleportPlugins.Load.Tests.Support;

/// <summary>
/// Runs the real host's <c>teleport-plugins check</c> on a configuration with one load tool's section and only its
/// shipped adapter enabled: the host binds and validates the section exactly as the load run's host will.
/// </summary>
internal static class HostCheck
{
    /// <summary>Checks <paramref name="tool"/>'s section.</summary>
    /// <param name="tool">The load tool.</param>
    /// <returns>The exit code and everything the check wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(ILoadTool tool)
    {
        using var temp = new TempDirectory();

        // check reads the identity: a valid one, as tctl writes it.
        var cluster = new TestCluster("sim.example.com");
        temp.WriteFile("identity", TestIdentityFiles.IdentityFileText(cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), cluster));
        var config = temp.WriteFile("load.toml", $"""
            [teleport]
            addr = "127.0.0.1:3025"
            identity = {JsonSerializer.Serialize(temp.Combine("identity"))}

            [adapters]
            directory = {JsonSerializer.Serialize(Path.Combine(RepositoryPaths.Artifacts, "adapters"))}
            enabled = [{JsonSerializer.Serialize(tool.Adapter)}]

            {tool.ConfigSection}
            """);
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.HostAssembly, "check", "-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
