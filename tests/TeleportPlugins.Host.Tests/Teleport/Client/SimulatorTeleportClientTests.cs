using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>The client's behaviour against the simulator, through the host's credentials, dialer and transport.</summary>
[TestFixture]
public sealed class SimulatorTeleportClientTests : TeleportClientBehaviourTests
{
    private protected override async Task<ITeleportPeer> StartPeerAsync(TeleportClientOptions options, bool listUnimplemented, string? version) =>
        await SimulatorTeleportPeer.StartAsync(new SimulatorOptions
        {
            ListAccessRequestsUnimplemented = listUnimplemented,
            ServerVersion = version ?? "17.4.0",
            ProxyPublicAddress = "proxy.sim.example.com:443",
        },
        options);
}
