using TeleportPlugins.Fakes;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

public sealed class OpsgenieOnCallApproverTests
{
    private OpsgenieTestBed _bed = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await OpsgenieTestBed.StartAsync();
        _bed.Fake.SetSchedule("Primary");
        _bed.Fake.SetSchedule("Secondary");
        _bed.Fake.SetSchedule("Unrelated");
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Evaluate_OnCallInNamedSchedule_ApprovesNamingUserAndSchedule()
    {
        _bed.Fake.SetSchedule("Primary", "bob@example.com", "alice@example.com");

        var decision = await EvaluateAsync("Primary");

        Assert.That(decision.Approve, Is.True, decision.Evidence);
        Assert.That(decision.Evidence, Is.EqualTo("Access requested by user alice@example.com who is on call in Opsgenie schedule(s) Primary"));
        var call = _bed.Fake.Server.RequestsTo("GET", "/v2/schedules/Primary/on-calls").Single();
        Assert.That(call.Query, Is.EqualTo("?scheduleIdentifierType=name&flat=true"));
        Assert.That(call.Header("Authorization"), Is.EqualTo($"GenieKey {OpsgenieTestBed.ApiKey}"));
    }

    [Test]
    public async Task Evaluate_NotOnCall_DoesNotApprove()
    {
        _bed.Fake.SetSchedule("Primary", "bob@example.com");

        var decision = await EvaluateAsync("Primary");

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("not on call").And.Contain("Primary"));
    }

    [Test]
    public async Task Evaluate_OnCallInSecondOfTwoSchedules_Approves()
    {
        _bed.Fake.SetSchedule("Secondary", "alice@example.com");

        var decision = await EvaluateAsync("Primary", "Secondary");

        Assert.That(decision.Approve, Is.True);
        Assert.That(decision.Evidence, Does.EndWith("schedule(s) Secondary"));
    }

    [Test]
    public async Task Evaluate_OnCallOnlyInAnotherSchedule_DoesNotApprove()
    {
        _bed.Fake.SetSchedule("Unrelated", "alice@example.com");

        var decision = await EvaluateAsync("Primary", "Secondary");

        Assert.That(decision.Approve, Is.False);
    }

    [Test]
    public async Task Evaluate_UnknownScheduleAndOnCallInAKnownOne_ApprovesAndLogsTheUnknown()
    {
        _bed.Fake.SetSchedule("Secondary", "alice@example.com");

        var decision = await EvaluateAsync("Missing", "Secondary");

        Assert.That(decision.Approve, Is.True);
        Assert.That(_bed.Context.Logs.Lines.Select(l => l.Message), Has.Some.Contains("Missing"));
    }

    [Test]
    public async Task Evaluate_RepeatedForTheSameRequest_WritesNothingAndAnswersTheSame()
    {
        _bed.Fake.SetSchedule("Primary", "alice@example.com");

        var first = await EvaluateAsync("Primary");
        var second = await EvaluateAsync("Primary");
        var third = await EvaluateAsync("Primary");

        Assert.That(new[] { first, second, third }, Is.All.Property(nameof(OnCallDecision.Approve)).True);
        Assert.That(second.Evidence, Is.EqualTo(first.Evidence));
        Assert.That(_bed.Fake.Writes, Is.Empty);
        Assert.That(_bed.Context.Reviews.Reviews, Is.Empty, "the host, not the adapter, submits the review");
    }

    [Test]
    public async Task Evaluate_WithoutSchedulesAnnotation_DoesNotApproveAndCallsNothing()
    {
        _bed.Fake.SetSchedule("Primary", "alice@example.com");

        var decision = await _bed.Approver.EvaluateAsync(OpsgenieTestBed.Request(), CancellationToken.None);

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("teleport.dev/schedules"));
        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Evaluate_CustomSchedulesAnnotation_IsUsed()
    {
        _bed.Fake.SetSchedule("Primary", "alice@example.com");
        _bed.Options.RequestAnnotations.Schedules = "approve-schedules";
        var approver = (IOnCallApprover)_bed.CreateAdapter();

        var decision = await approver.EvaluateAsync(
            OpsgenieTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["approve-schedules"] = ["Primary"] }), CancellationToken.None);

        Assert.That(decision.Approve, Is.True);
    }

    [Test]
    public void Evaluate_RateLimited_ThrowsTransientWithPeriod()
    {
        _bed.Fake.Server.FailNext("GET", "/v2/schedules/Primary/on-calls", FakeResponse.Error(429, """{"message":"You are making too many requests!"}""", ("X-RateLimit-Period-In-Sec", "1")));

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => EvaluateAsync("Primary"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    private Task<OnCallDecision> EvaluateAsync(params string[] schedules) =>
        _bed.Approver.EvaluateAsync(
            OpsgenieTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = schedules }),
            CancellationToken.None);
}
