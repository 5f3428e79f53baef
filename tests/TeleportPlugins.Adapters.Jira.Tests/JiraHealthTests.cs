namespace TeleportPlugins.Adapters.Jira.Tests;

public sealed class JiraHealthTests
{
    [Test]
    public async Task CheckHealth_AllGood_HealthyNamingTheAccount()
    {
        await using var h = await JiraTestHarness.StartAsync();

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.True, health.Description);
            Assert.That(health.Description, Does.Contain("bot@example.com"));
            Assert.That(h.Jira.Server.Requests.Select(r => r.Path), Is.EqualTo(new[] { "/rest/api/2/myself", "/rest/api/2/project/PROJ", "/rest/api/2/mypermissions" }));
            Assert.That(h.Jira.Server.Requests[2].Query, Is.EqualTo("?projectKey=PROJ&permissions=BROWSE_PROJECTS,CREATE_ISSUES,TRANSITION_ISSUES,ADD_COMMENTS"));
        });
    }

    [Test]
    public async Task CheckHealth_BadCredentials_UnhealthyWith401()
    {
        await using var h = await JiraTestHarness.StartAsync(o => o.ApiToken = "wrong-token-value");

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("HTTP 401").And.Contain("myself"));
        });
    }

    [Test]
    public async Task CheckHealth_UnknownProject_Unhealthy()
    {
        await using var h = await JiraTestHarness.StartAsync(o => o.Project = "NOPE");

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.Description, Does.Contain("HTTP 404").And.Contain("No project could be found with key 'NOPE'"));
    }

    [Test]
    public async Task CheckHealth_MissingPermissions_NamesEachMissingOne()
    {
        await using var h = await JiraTestHarness.StartAsync();
        h.Jira.Granted.Remove("TRANSITION_ISSUES");
        h.Jira.Granted.Remove("ADD_COMMENTS");

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(health.IsHealthy, Is.False);
            Assert.That(health.Description, Does.Contain("TRANSITION_ISSUES, ADD_COMMENTS").And.Not.Contain("CREATE_ISSUES"));
        });
    }
}
