using TeleportPlugins.Contracts;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// For tools whose API lets the adapter find or de-duplicate the request's root object (PagerDuty's incident_key,
/// Opsgenie's alias, ServiceNow's correlation look-up): a created step repeated without the state the first one wrote,
/// as the host repeats it after a crash (told that it resumes, contract 1.2), must end on the same root object and
/// create no second one, finding it without a refused call.
/// </summary>
public abstract class DeduplicatingLoadToolTests : LoadToolTests
{
    /// <summary>The adapter's state key holding the root object's ID.</summary>
    protected abstract string RootIdKey { get; }

    [Test]
    public async Task Created_RepeatedWithoutState_EndsOnTheSameRootAndCreatesNoSecond()
    {
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests: 1);

        var first = await driver.CreateAsync(0);
        var repeated = await driver.CreateAsync(0, new StepResumption("created", DateTimeOffset.UnixEpoch));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Get(RootIdKey), Is.Not.Null.And.Not.Empty, "root object of the first create");
            Assert.That(repeated.Get(RootIdKey), Is.EqualTo(first.Get(RootIdKey)), "root object the repeat ended on");
            Assert.That(driver.Log.Roots(driver.ToolIndex, 0), Is.EqualTo(1), "root objects created");
            Assert.That(driver.Log.FirstArrival(driver.ToolIndex, RequestEvent.Created, 0), Is.Not.Zero, "created arrival");
            Assert.That(driver.Server.Refused, Is.Zero, "refused calls");
            Assert.That(driver.Server.UnmatchedCount, Is.Zero, "calls the fake does not know");
        }
    }
}
