using System.Diagnostics;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>The README's first command, run to the end: it must show every path and stop cleanly.</summary>
public sealed class DemoTests
{
    [Test]
    public async Task Demo_RunsEveryPathAndExitsCleanly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var demo = Path.Combine(RepositoryPaths.Root, "samples", "TeleportPlugins.Demo", "bin", configuration, "net10.0", "TeleportPlugins.Demo.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [demo, "--exit-when-done"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        var text = await output;

        Assert.That(process.ExitCode, Is.Zero, text + await error);
        Assert.That(text, Does.Contain("alice@example.com wants db-admin: PENDING"));
        Assert.That(text, Does.Contain("carol@example.com proposes APPROVED"));
        Assert.That(text, Does.Contain("resolved").And.Contain("APPROVED (confirmed the incident)"));
        Assert.That(text, Does.Contain("DENIED (no reason to have root)"));
        Assert.That(text, Does.Contain("EXPIRED"));
        Assert.That(text, Does.Contain("host stopped (exit code 0)"));
    }
}
