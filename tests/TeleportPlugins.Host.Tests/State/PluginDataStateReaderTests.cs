using TeleportPlugins.Host.State;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.State;

public sealed class PluginDataStateReaderTests
{
    [Test]
    public async Task ReadAsync_RecordedEntry_AdapterKeysOnlyWithoutHostBookkeeping()
    {
        var cluster = new FakeTeleportCluster();
        var client = cluster.Connect();
        var id = cluster.Create(SampleRequests.Pending("r1")).Id;
        await client.UpdatePluginDataAsync(
            id,
            "jira",
            new Dictionary<string, string> { ["issue_id"] = "10001", ["issue_key"] = "SEC-1", ["tp_created"] = "1700000000000", ["reviews_count"] = "1", ["resolution"] = "" },
            new Dictionary<string, string>(),
            CancellationToken.None);

        var jira = await new PluginDataStateReader(client, "jira").ReadAsync(id, CancellationToken.None);
        var slack = await new PluginDataStateReader(client, "slack").ReadAsync(id, CancellationToken.None);

        Assert.That(jira, Is.EqualTo(new Dictionary<string, string> { ["issue_id"] = "10001", ["issue_key"] = "SEC-1" }));
        Assert.That(slack, Is.Null, "another adapter's entry is not visible, and nothing recorded reads as null");
    }
}
