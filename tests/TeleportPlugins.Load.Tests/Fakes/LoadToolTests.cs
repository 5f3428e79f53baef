using TeleportPlugins.Contracts;
using TeleportPlugins.Load.Fakes;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// What every lean fake must do with its real adapter, run by each tool's fixture: a clean lifecycle counts one root and
/// one reply per review and refuses nothing; injected 503/429 are answered and counted but never recorded as arrivals.
/// </summary>
public abstract class LoadToolTests
{
    /// <summary>The adapter's factory.</summary>
    protected abstract IAccessRequestAdapterFactory Factory { get; }

    [Test]
    public async Task Lifecycle_ThreeRequests_EveryEventArrivesWithOneRootAndOneReplyPerReview()
    {
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests: 3);

        var health = await driver.Adapter.CheckHealthAsync(CancellationToken.None);
        for (var index = 0; index < 3; index++)
        {
            await driver.RunLifecycleAsync(index);
        }

        Assert.That(health.IsHealthy, Is.True, health.Description);
        driver.AssertEveryEventArrivedOnce(3);
    }

    [Test]
    public async Task Lifecycle_InjectedFaults_AnsweredAndCountedButNeverArrivals()
    {
        const int requests = 10;
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests, new FaultPlan(0.05, 0.02) { Armed = true });

        for (var index = 0; index < requests; index++)
        {
            await driver.RunLifecycleAsync(index);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(driver.Server.ServerErrors + driver.Server.RateLimited, Is.Positive, "faults injected");
            Assert.That(driver.Statuses[503], Is.EqualTo(driver.Server.ServerErrors), "503s the adapter saw");
            Assert.That(driver.Statuses[429], Is.EqualTo(driver.Server.RateLimited), "429s the adapter saw");
            Assert.That(driver.Log.Calls(driver.ToolIndex), Is.EqualTo(driver.Statuses.Successes), "calls recorded: only the accepted ones");
        }

        driver.AssertEveryEventArrivedOnce(requests);
    }
}
