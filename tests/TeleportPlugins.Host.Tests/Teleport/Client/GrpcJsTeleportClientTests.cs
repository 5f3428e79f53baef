using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>The client's behaviour against @grpc/grpc-js (tests/grpc-reference/teleport.js).</summary>
[TestFixture]
public sealed class GrpcJsTeleportClientTests : TeleportClientBehaviourTests
{
    private protected override async Task<ITeleportPeer> StartPeerAsync(TeleportClientOptions options, bool listUnimplemented, string? version)
    {
        List<string> arguments = [];
        if (listUnimplemented)
        {
            arguments.Add("--list-unimplemented");
        }

        if (version is not null)
        {
            arguments.AddRange(["--version", version]);
        }

        return await GrpcJsTeleportPeer.StartAsync(options, [.. arguments]);
    }

    [Test]
    public async Task List_RequestWithResourceAccessIds_SnapshotTakesField26OverField14()
    {
        await using var peer = await GrpcJsTeleportPeer.StartAsync(new TeleportClientOptions());
        var legacy = new ResourceID { ClusterName = "reference.example.com", Kind = "node", Name = "legacy-node" };
        var current = new ResourceID { ClusterName = "reference.example.com", Kind = "app", Name = "aws-console" };
        var both = await peer.CreateResourceRequestAsync("gina", [legacy], [current]);
        var onlyLegacy = await peer.CreateResourceRequestAsync("hank", [legacy], []);

        var listed = await peer.Client.ListAllAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(listed.Single(r => r.Id == both).Resources, Is.EqualTo(new[] { new RequestedResource("reference.example.com", "app", "aws-console", "") }));
            Assert.That(listed.Single(r => r.Id == onlyLegacy).Resources, Is.EqualTo(new[] { new RequestedResource("reference.example.com", "node", "legacy-node", "") }));
        });
    }
}
