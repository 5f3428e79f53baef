namespace TeleportPlugins.Simulator.Testing;

/// <summary>
/// One simulator for a test fixture, reached by the host's client as the plugin identity
/// (<see cref="SimulatorRoles.AccessPluginWithReview"/> among its roles). Each test takes its own
/// <see cref="SimulatedTeleportReviews"/> from it, so tests stay independent while sharing the server.
/// </summary>
public sealed class SimulatedTeleport : IAsyncDisposable
{
    private readonly SimulatorTeleportPeer _peer;

    private SimulatedTeleport(SimulatorTeleportPeer peer)
    {
        _peer = peer;
    }

    /// <summary>Starts the simulator and connects to it.</summary>
    /// <returns>The running simulator.</returns>
    public static async Task<SimulatedTeleport> StartAsync() => new(await SimulatorTeleportPeer.StartAsync(new SimulatorOptions()));

    /// <summary>A fresh Teleport side for one test: the host's on-behalf review service with an empty reviewer cache.</summary>
    /// <returns>The service, which knows only the requests created through it.</returns>
    public SimulatedTeleportReviews NewReviews() => new(_peer);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
