using TeleportPlugins.Benchmarks.State;

namespace TeleportPlugins.Performance.Tests.Micro;

public sealed class ClaimConfirmBenchmarksTests
{
    // A hang, not a timing assert: one operation takes milliseconds.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    [Test]
    public async Task PlanClaimConfirm_TwoOperations_EachConfirmsEveryStepInTheSimulatorsStore()
    {
        var benchmarks = new ClaimConfirmBenchmarks();
        benchmarks.Setup();
        try
        {
            benchmarks.ClearPluginData();
            var first = await benchmarks.PlanClaimConfirm().WaitAsync(Hang);
            var afterFirst = benchmarks.Confirmed;
            var callsFirst = benchmarks.Calls;
            benchmarks.ClearPluginData();
            var cleared = benchmarks.Confirmed;
            var second = await benchmarks.PlanClaimConfirm().WaitAsync(Hang);

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(ClaimConfirmBenchmarks.RequestsPerOperation));
                Assert.That(second, Is.EqualTo(ClaimConfirmBenchmarks.RequestsPerOperation));
                Assert.That(afterFirst, Is.EqualTo(ClaimConfirmBenchmarks.RequestsPerOperation), "created and not claimed, in the simulator's store");
                Assert.That(cleared, Is.Zero, "each operation starts from new requests");
                Assert.That(benchmarks.Confirmed, Is.EqualTo(ClaimConfirmBenchmarks.RequestsPerOperation));
                // At least the read and the compare-and-swap every step needs, went to the simulator's store.
                Assert.That(callsFirst, Is.GreaterThanOrEqualTo(2L * ClaimConfirmBenchmarks.RequestsPerOperation));
            });
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }
}
