using TeleportPlugins.Benchmarks.Dispatch;

namespace TeleportPlugins.Performance.Tests.Micro;

public sealed class DispatcherBenchmarksTests
{
    // A hang, not a timing assert: one operation takes milliseconds.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NewRequestToAdapterCall_TwoOperations_EachDeliversExactlyOneCallPerRequest()
    {
        var benchmarks = new DispatcherBenchmarks();
        benchmarks.Setup();
        try
        {
            var first = await benchmarks.NewRequestToAdapterCall().WaitAsync(Hang);
            var second = await benchmarks.NewRequestToAdapterCall().WaitAsync(Hang);

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(DispatcherBenchmarks.RequestsPerOperation));
                Assert.That(second, Is.EqualTo(DispatcherBenchmarks.RequestsPerOperation));
                Assert.That(benchmarks.RecordedAsCreated, Is.EqualTo(DispatcherBenchmarks.RequestsPerOperation));
                Assert.That(benchmarks.StillClaimed, Is.Zero);
            });
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }
}
