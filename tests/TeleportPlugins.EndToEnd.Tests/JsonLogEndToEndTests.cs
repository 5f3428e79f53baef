using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.HostRunner;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary><c>[log] format = "json"</c> on the real host's console: every line it writes is one JSON object.</summary>
public sealed class JsonLogEndToEndTests
{
    [Test]
    public async Task Start_JsonFormatToStdout_EveryLineIsAJsonObjectWithTheEventsFields()
    {
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("jsonl");
        var (config, _) = cluster.WriteConfig("host", ["jsonl"], $"""
            [jsonl]
            path = {JsonSerializer.Serialize(Path.Combine(cluster.Directory, "journal.jsonl"))}
            """, logToStdout: true);
        var lines = new List<string>();
        await using var host = HostProcess.Start(new HostProcessOptions
        {
            ConfigPath = config,
            HostAssembly = RepositoryPaths.HostAssembly,
            // As a container would set it, over the file's [log] section.
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["TELEPORT_PLUGINS__LOG__FORMAT"] = "json" },
            OnOutput = line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            },
        });
        await host.WaitForOutputAsync("Access request watch initialized", TimeSpan.FromSeconds(90), CancellationToken.None);
        var exitCode = await host.StopAsync(CancellationToken.None);

        List<JsonElement> events;
        lock (lines)
        {
            events = [.. lines.Select(line => JsonDocument.Parse(line).RootElement)];
        }

        var loaded = events.Single(e => e.GetProperty("event_id").GetInt32() == 1001);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(events.Select(e => e.GetProperty("timestamp").GetString()), Has.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(events.Select(e => e.GetProperty("level").GetString()), Has.All.AnyOf("debug", "info", "warn", "error", "critical"));
            Assert.That(loaded.GetProperty("category").GetString(), Is.EqualTo("TeleportPlugins.Host.Loading.AdapterLoader"));
            Assert.That(loaded.GetProperty("message").GetString(), Does.StartWith("Loaded adapter jsonl "));
            Assert.That(loaded.GetProperty("fields").GetProperty("Adapter").GetString(), Is.EqualTo("jsonl"));
        });
    }
}
