using System.Diagnostics;
using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Samples;

/// <summary>
/// The sample adapter is built on its own (not as part of the host), copied into an adapters folder, and driven by
/// the host through every lifecycle step: what a user writing a custom adapter does.
/// </summary>
public sealed class SampleAdapterRoundTripTests
{
    private static readonly string SampleProject = Path.Combine(RepositoryPaths.Root, "samples", "TeleportPlugins.Samples.JsonLines", "TeleportPlugins.Samples.JsonLines.csproj");

    [Test]
    public async Task SampleAdapter_BuiltAlone_DiscoveredConfiguredAndDrivenThroughEveryStep()
    {
        using var temp = new TempDirectory();
        var buildOutput = temp.Combine("build");
        await BuildAsync(SampleProject, buildOutput);
        await using var harness = new AdapterHarness(temp);
        temp.CopyFolder(buildOutput, Path.Combine("adapters", "jsonl"));
        var journal = temp.Combine("journal.jsonl");
        var config = harness.WriteConfig($"""
            enabled = ["jsonl"]
            [jsonl]
            path = "{journal}"
            """);

        var (settings, configured) = ConfiguredHost.OpenValid(harness, config);
        var adapter = (await harness.StartAsync(settings, configured)).Single();
        var state = new AdapterRequestState();
        var created = SampleRequests.Pending();
        var reviewed = SampleRequests.Reviewed(created, "bob", AccessRequestState.Approved);
        var approved = SampleRequests.Resolved(reviewed, AccessRequestState.Approved);
        await adapter.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(created, state), CancellationToken.None);
        await adapter.Adapter.OnReviewAddedAsync(new ReviewAddedContext(reviewed, state, reviewed.Reviews[0], 0), CancellationToken.None);
        await adapter.Adapter.OnRequestResolvedAsync(new RequestResolvedContext(approved, state), CancellationToken.None);
        var expiring = SampleRequests.Pending("3f1f2c1e-0000-4000-8000-000000000002");
        await adapter.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(expiring, new AdapterRequestState()), CancellationToken.None);

        Assert.That(adapter.Health.Description, Is.EqualTo($"appending to {journal}"));
        var lines = File.ReadAllLines(journal).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(lines.Select(l => l.GetProperty("step").GetString()), Is.EqualTo(new[] { "created", "reviewed", "resolved", "expired" }));
        Assert.That(lines.Take(3).Select(l => l.GetProperty("id").GetString()), Is.All.EqualTo(created.Id));
        Assert.That(lines[1].GetProperty("author").GetString(), Is.EqualTo("bob"));
        Assert.That(lines[1].GetProperty("created_line").GetString(), Is.EqualTo("1"));
        Assert.That(lines[2].GetProperty("resolution").GetString(), Is.EqualTo("APPROVED"));
        Assert.That(lines[3].GetProperty("id").GetString(), Is.EqualTo(expiring.Id));
        Assert.That(state.Get("created_line"), Is.EqualTo("1"));
    }

    [Test]
    public void SampleAdapter_References_OnlyTheContractsAndFrameworkAbstractions()
    {
        var assembly = Path.Combine(RepositoryPaths.Artifacts, "adapters", "jsonl", "TeleportPlugins.Samples.JsonLines.dll");
        var references = ReadReferences(assembly);

        Assert.That(references, Does.Contain("TeleportPlugins.Contracts"));
        Assert.That(references.Where(r => r.StartsWith("TeleportPlugins", StringComparison.Ordinal)), Is.EqualTo(new[] { "TeleportPlugins.Contracts" }));
    }

    private static List<string> ReadReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return [.. reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name))];
    }

    private static async Task BuildAsync(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-o", output, "--nologo", "-v", "quiet", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"dotnet build failed:\n{await stdout}\n{await stderr}");
    }
}
