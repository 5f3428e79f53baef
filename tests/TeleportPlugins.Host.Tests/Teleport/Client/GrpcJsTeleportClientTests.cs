using TeleportPlugins.Host.Teleport;

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
}
