using TeleportPlugins.Fakes;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// What every fake, counted, must do with its real adapter, run by each tool's fixture: a clean lifecycle counts one root and
/// one reply per review and refuses nothing; injected 503/429 are answered and counted but never recorded as arrivals;
/// a wrong credential gets the API's own refusal and records nothing.
/// </summary>
public abstract class LoadToolTests
{
    /// <summary>The adapter's factory.</summary>
    protected abstract IAccessRequestAdapterFactory Factory { get; }

    /// <summary>A call the API refuses for its credential, built from the adapter's bound options with a wrong secret.</summary>
    /// <param name="options">The adapter's options.</param>
    /// <returns>The method, the path below the fake's base address and the headers.</returns>
    protected abstract (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options);

    /// <summary>Asserts the API's refusal of <see cref="WrongCredentialCall"/>: its status and error shape.</summary>
    /// <param name="status">The status.</param>
    /// <param name="refusal">The parsed body.</param>
    protected abstract void AssertRefusal(int status, JsonElement refusal);

    /// <summary>An HTTP Basic header value.</summary>
    /// <param name="user">The user.</param>
    /// <param name="password">The password.</param>
    /// <returns><c>Basic base64(user:password)</c>.</returns>
    protected static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

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

    [Test]
    public async Task Call_WrongCredential_GetsTheApisRefusalAndRecordsNothing()
    {
        await using var driver = await LoadToolDriver.StartAsync(Factory, requests: 1);
        var (method, path, headers) = WrongCredentialCall(driver.Options);

        var (status, body) = await driver.SendAsync(method, path, headers);

        using var error = JsonDocument.Parse(body);
        using (Assert.EnterMultipleScope())
        {
            AssertRefusal(status, error.RootElement);
            Assert.That(driver.Server.Refused, Is.EqualTo(1), "refused calls");
            Assert.That(driver.Log.Calls(driver.ToolIndex), Is.Zero, "recorded calls");
        }
    }
}
