using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TeleportPlugins.Load.Results;

/// <summary>The machine and build a result was measured on.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Dotnet">The runtime, e.g. ".NET 10.0.0".</param>
/// <param name="Os">The operating system.</param>
/// <param name="Commit">The repository's commit, or "unknown".</param>
/// <param name="MeasuredAt">When.</param>
public sealed record RunEnvironment(int Cores, string Dotnet, string Os, string Commit, DateTimeOffset MeasuredAt)
{
    /// <summary>This machine, now.</summary>
    /// <param name="repository">The repository root (for the commit).</param>
    /// <returns>The environment.</returns>
    public static RunEnvironment Capture(string repository) => new(
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        CommitOf(repository),
        DateTimeOffset.UtcNow);

    private static string CommitOf(string repository)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", repository, "rev-parse", "--short", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
            {
                return "unknown";
            }

            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
