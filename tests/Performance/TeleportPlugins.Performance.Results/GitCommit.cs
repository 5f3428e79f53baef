using System.ComponentModel;
using System.Diagnostics;

namespace TeleportPlugins.Performance.Results;

/// <summary>The commit a checkout is at, for the record of what was measured.</summary>
internal static class GitCommit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Asks git for HEAD's commit.</summary>
    /// <param name="repositoryRoot">The checkout.</param>
    /// <returns>The commit's full hash, or null when git is missing, slow or not in a checkout.</returns>
    public static string? Read(string repositoryRoot)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", repositoryRoot, "rev-parse", "HEAD" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEndAsync();
            if (!git.WaitForExit(Patience))
            {
                git.Kill();
                return null;
            }

            var commit = output.GetAwaiter().GetResult().Trim();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : null;
        }
        catch (Win32Exception)
        {
            // No git on the PATH: the results simply do not name a commit.
            return null;
        }
    }
}
