using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.Datadog.Tests;

public sealed class DatadogOnCallApproverTests
{
    private DatadogTestBed _bed = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await DatadogTestBed.StartAsync();
        _bed.Fake.SetTeam("primary", "Primary On-Call", []);
        _bed.Fake.SetTeam("secondary", "Secondary", []);
        _bed.Fake.SetTeam("unrelated", "Unrelated", []);
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Evaluate_OnCallInNamedTeam_ApprovesNamingUserAndTeam()
    {
        _bed.Fake.SetTeam("primary", "Primary On-Call", "bob@example.com", "Alice@Example.com");

        var decision = await EvaluateAsync("primary");

        Assert.That(decision.Approve, Is.True, decision.Evidence);
        Assert.That(decision.Evidence, Is.EqualTo("Access requested by user alice@example.com who is on call in Datadog team(s) primary"));
        var call = _bed.Fake.Server.Requests.Single(r => r.Path.StartsWith("/api/v2/on-call/teams/", StringComparison.Ordinal));
        Assert.That(call.Path, Does.EndWith("/on-call"));
        Assert.That(call.Query, Is.EqualTo("?include=responders"));
        Assert.That(call.Header("DD-API-KEY"), Is.EqualTo(DatadogTestBed.ApiKey));
        Assert.That(call.Header("DD-APPLICATION-KEY"), Is.EqualTo(DatadogTestBed.ApplicationKey));
    }

    [TestCase("@primary")]
    [TestCase("Primary On-Call")]
    public async Task Evaluate_TeamByAtHandleOrName_Approves(string team)
    {
        _bed.Fake.SetTeam("primary", "Primary On-Call", "alice@example.com");

        var decision = await EvaluateAsync(team);

        Assert.That(decision.Approve, Is.True, decision.Evidence);
    }

    [Test]
    public async Task Evaluate_NotOnCall_DoesNotApprove()
    {
        _bed.Fake.SetTeam("primary", "Primary On-Call", "bob@example.com");

        var decision = await EvaluateAsync("primary");

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("not on call").And.Contain("primary"));
        Assert.That(_bed.Fake.Server.Requests.Where(r => r.Method != "GET"), Is.Empty, "nothing written");
        Assert.That(_bed.Context.Reviews.Reviews, Is.Empty, "the host, not the adapter, submits reviews");
    }

    [Test]
    public async Task Evaluate_OnCallOnlyInAnotherTeam_DoesNotApprove()
    {
        _bed.Fake.SetTeam("unrelated", "Unrelated", "alice@example.com");

        var decision = await EvaluateAsync("primary", "secondary");

        Assert.That(decision.Approve, Is.False);
    }

    [Test]
    public async Task Evaluate_UnknownTeamAndTeamWithoutOnCall_SkippedAndOnCallInAThirdApproves()
    {
        _bed.Fake.SetTeam("no-rota", "No rota", null);
        _bed.Fake.SetTeam("secondary", "Secondary", "alice@example.com");

        var decision = await EvaluateAsync("missing", "no-rota", "secondary");

        Assert.That(decision.Approve, Is.True);
        Assert.That(decision.Evidence, Does.EndWith("team(s) secondary"));
        Assert.That(_bed.Context.Logs.Lines.Select(l => l.Message), Has.Some.Contains("missing"));
    }

    [Test]
    public async Task Evaluate_WithoutSchedulesAnnotation_DoesNotApproveAndCallsNothing()
    {
        var decision = await _bed.Approver.EvaluateAsync(DatadogTestBed.Request(), CancellationToken.None);

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("teleport.dev/schedules"));
        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Evaluate_CustomSchedulesAnnotation_IsUsed()
    {
        _bed.Fake.SetTeam("primary", "Primary On-Call", "alice@example.com");
        _bed.Options.RequestAnnotations.Schedules = "approve-teams";
        var approver = (IOnCallApprover)_bed.CreateAdapter();

        var decision = await approver.EvaluateAsync(
            DatadogTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["approve-teams"] = ["primary"] }), CancellationToken.None);

        Assert.That(decision.Approve, Is.True);
    }

    [Test]
    public async Task Evaluate_OnCallLookupRateLimited_ThrowsTransientWithTheReset()
    {
        _bed.Fake.LimitRate(_bed.Clock, permits: 1, TimeSpan.FromMinutes(1));
        _bed.Fake.SetTeam("primary", "Primary On-Call", "alice@example.com");
        await EvaluateAsync("primary");
        _bed.Clock.Advance(TimeSpan.FromSeconds(20));

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => EvaluateAsync("primary"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)), "X-RateLimit-Reset: what is left of the period");
    }

    [Test]
    public void Evaluate_OnCallForbidden_ThrowsPermanentWithDatadogsErrors()
    {
        _bed.Fake.Server.FailNext("GET", "/api/v2/team", FakeResponse.JsonBody(new { errors = new[] { "Forbidden", "teams_read permission required" } }, 403));

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => EvaluateAsync("primary"));

        Assert.That(error!.Message, Does.Contain("GET /api/v2/team failed with HTTP 403 (Forbidden; teams_read permission required)"));
    }

    [Test]
    public void Evaluate_DatadogUnavailable_ThrowsTransient()
    {
        _bed.Fake.Server.FailNext("GET", "/api/v2/team", FakeResponse.Unavailable());

        Assert.ThrowsAsync<TransientAdapterException>(() => EvaluateAsync("primary"));
    }

    private Task<OnCallDecision> EvaluateAsync(params string[] teams) =>
        _bed.Approver.EvaluateAsync(
            DatadogTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = teams }),
            CancellationToken.None);
}
