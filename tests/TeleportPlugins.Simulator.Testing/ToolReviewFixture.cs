namespace TeleportPlugins.Simulator.Testing;

/// <summary>
/// What the approve-from-tool suites share: one simulator per fixture, a fresh <see cref="Teleport"/> side per test
/// (its own requests, an empty reviewer cache) so tests stay independent, and the forged and malformed callbacks
/// counted and printed once the fixture ends. Suites about the review flow rather than one tool's callbacks derive
/// from it for the simulator alone.
/// </summary>
public abstract class ToolReviewFixture
{
    private SimulatedTeleport _simulator = null!;

    /// <summary>Creates the fixture.</summary>
    /// <param name="tool">The tool's name for the printed counts.</param>
    protected ToolReviewFixture(string tool)
    {
        Tally = new CallbackTally(tool);
    }

    /// <summary>The forged and malformed callbacks tried and rejected.</summary>
    protected CallbackTally Tally { get; }

    /// <summary>This test's Teleport side, to pass to the adapter as its on-behalf review service.</summary>
    protected SimulatedTeleportReviews Teleport { get; private set; } = null!;

    /// <summary>Starts the fixture's simulator.</summary>
    /// <returns>A task.</returns>
    [OneTimeSetUp]
    public async Task StartTeleportAsync() => _simulator = await SimulatedTeleport.StartAsync();

    /// <summary>Gives the test its own Teleport side; runs before the suite's own set-up.</summary>
    [SetUp]
    public void NewTeleportSide() => Teleport = _simulator.NewReviews();

    /// <summary>Prints the counts, when the suite sent any such callback, and stops the simulator.</summary>
    /// <returns>A task.</returns>
    [OneTimeTearDown]
    public async Task StopTeleportAsync()
    {
        if (Tally.Tried)
        {
            TestContext.Out.WriteLine(Tally.Summary);
            TestContext.Progress.WriteLine(Tally.Summary);
        }

        await _simulator.DisposeAsync();
    }
}
