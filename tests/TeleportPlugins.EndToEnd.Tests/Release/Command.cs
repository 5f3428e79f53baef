using System.Diagnostics;

namespace TeleportPlugins.EndToEnd.Tests.Release;

/// <summary>Runs a program to completion and returns its exit code, stdout and stderr.</summary>
internal static class Command
{
    /// <summary>Runs <paramref name="program"/>; a run longer than <paramref name="limit"/> is killed and fails.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} still running after {limit}: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
