namespace TeleportPlugins.Adapters.ServiceNow.Tests;

public sealed class ServiceNowHealthTests
{
    [Test]
    public async Task CheckHealth_GoodCredentials_HealthyAfterOneRowIncidentQuery()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        var probe = h.ServiceNow.Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.True, health.Description);
            Assert.That(health.Description, Does.Contain("teleport-bot"));
            Assert.That((probe.Method, probe.Path, probe.Query), Is.EqualTo(("GET", "/api/now/table/incident", "?sysparm_limit=1&sysparm_fields=sys_id")));
            Assert.That(probe.Header("Authorization"), Is.EqualTo(h.BasicHeader));
            Assert.That(probe.Header("Accept"), Is.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task CheckHealth_BadCredentials_UnhealthyWith401AndServiceNowsMessage()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.Password = "wrong-password");

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("HTTP 401").And.Contain("User Not Authenticated"));
        });
    }
}
