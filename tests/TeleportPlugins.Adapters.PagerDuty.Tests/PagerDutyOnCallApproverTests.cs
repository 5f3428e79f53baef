using TeleportPlugins.Fakes;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

public sealed class PagerDutyOnCallApproverTests
{
    private PagerDutyTestBed _bed = null!;
    private string _alice = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync();
        _alice = _bed.Fake.AddUser("Alice Doe", "alice@example.com");
        _bed.Fake.AddService("Service A", "PEPA");
        _bed.Fake.AddService("Service B", "PEPB");
        _bed.Fake.AddService("Other Service", "PEPO");
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Evaluate_OnCallInServicePolicy_ApprovesNamingUserAndService()
    {
        _bed.Fake.AddOnCall(_alice, "PEPA");

        var decision = await EvaluateAsync("Service A");

        Assert.That(decision.Approve, Is.True, decision.Evidence);
        Assert.That(decision.Evidence, Is.EqualTo("Access requested by user Alice Doe (alice@example.com) who is on call in PagerDuty service(s) Service A"));
        var onCalls = _bed.Fake.Server.RequestsTo("GET", "/oncalls").Single();
        Assert.That(onCalls.Header("Authorization"), Is.EqualTo($"Token token={PagerDutyTestBed.ApiKey}"));
        Assert.That(Uri.UnescapeDataString(onCalls.Query), Does.Contain($"user_ids[]={_alice}").And.Contain("escalation_policy_ids[]=PEPA"));
    }

    [Test]
    public async Task Evaluate_NotOnCall_DoesNotApprove()
    {
        var decision = await EvaluateAsync("Service A");

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("alice@example.com").And.Contain("not on call"));
    }

    [Test]
    public async Task Evaluate_OnCallInSecondOfTwoPolicies_Approves()
    {
        _bed.Fake.AddOnCall(_alice, "PEPB");

        var decision = await EvaluateAsync("Service A", "Service B");

        Assert.That(decision.Approve, Is.True);
        Assert.That(decision.Evidence, Does.EndWith("service(s) Service B"));
    }

    [Test]
    public async Task Evaluate_OnCallOnlyInAnotherServicesPolicy_DoesNotApprove()
    {
        _bed.Fake.AddOnCall(_alice, "PEPO");

        var decision = await EvaluateAsync("Service A", "Service B");

        Assert.That(decision.Approve, Is.False);
    }

    [Test]
    public async Task Evaluate_SomeoneElseOnCall_DoesNotApprove()
    {
        var bob = _bed.Fake.AddUser("Bob", "bob@example.com");
        _bed.Fake.AddOnCall(bob, "PEPA");

        var decision = await EvaluateAsync("Service A");

        Assert.That(decision.Approve, Is.False);
    }

    [Test]
    public async Task Evaluate_UserAndOnCallsOverSeveralPages_FollowsPagination()
    {
        // A fresh fake, so that a user whose e-mail contains the query but is not it comes first.
        await using var bed = await PagerDutyTestBed.StartAsync();
        bed.Fake.PageSize = 1;
        bed.Fake.AddUser("Malice", "malice@example.com");
        var alice = bed.Fake.AddUser("Alice Doe", "Alice@Example.com");
        bed.Fake.AddService("Service A", "PEPA");
        bed.Fake.AddService("Service B", "PEPB");
        bed.Fake.AddOnCall(alice, "PEPA", level: 1);
        bed.Fake.AddOnCall(alice, "PEPA", level: 2);
        bed.Fake.AddOnCall(alice, "PEPB", level: 1);

        var decision = await bed.Approver.EvaluateAsync(Request("Service A", "Service B"), CancellationToken.None);

        Assert.That(decision.Approve, Is.True, decision.Evidence);
        Assert.That(decision.Evidence, Does.EndWith("service(s) Service A, Service B"));
        Assert.That(bed.Fake.Server.RequestsTo("GET", "/oncalls").Select(r => r.Query), Has.Some.Contains("offset=2"));
        Assert.That(bed.Fake.Server.RequestsTo("GET", "/users").Select(r => r.Query), Has.Some.Contains("offset=1"));
    }

    [Test]
    public async Task Evaluate_RepeatedForTheSameRequest_WritesNothingAndAnswersTheSame()
    {
        _bed.Fake.AddOnCall(_alice, "PEPA");

        var decisions = new List<OnCallDecision>();
        for (var i = 0; i < 3; i++)
        {
            decisions.Add(await EvaluateAsync("Service A"));
        }

        Assert.That(decisions.Select(d => d.Approve), Is.All.True);
        Assert.That(decisions.Select(d => d.Evidence).Distinct().Count(), Is.EqualTo(1));
        Assert.That(_bed.Fake.Writes, Is.Empty);
        Assert.That(_bed.Context.Reviews.Reviews, Is.Empty, "the host, not the adapter, submits the review");
    }

    [Test]
    public async Task Evaluate_WithoutServicesAnnotation_DoesNotApproveAndCallsNothing()
    {
        _bed.Fake.AddOnCall(_alice, "PEPA");

        var decision = await _bed.Approver.EvaluateAsync(PagerDutyTestBed.Request(), CancellationToken.None);

        Assert.That(decision.Approve, Is.False);
        Assert.That(decision.Evidence, Does.Contain("pagerduty_services"));
        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Evaluate_TeleportUserNotAnEmail_DoesNotApprove()
    {
        _bed.Fake.AddOnCall(_alice, "PEPA");

        var decision = await _bed.Approver.EvaluateAsync(Request("Service A") with { User = "alice" }, CancellationToken.None);

        Assert.That(decision.Approve, Is.False);
        Assert.That(_bed.Fake.Server.Requests, Is.Empty);
    }

    [Test]
    public async Task Evaluate_CustomServicesAnnotation_IsUsed()
    {
        _bed.Fake.AddOnCall(_alice, "PEPA");
        _bed.Options.RequestAnnotations.Services = "oncall_services";
        var approver = (IOnCallApprover)_bed.CreateAdapter();
        var request = PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>> { ["oncall_services"] = ["Service A"] });

        var decision = await approver.EvaluateAsync(request, CancellationToken.None);

        Assert.That(decision.Approve, Is.True);
    }

    [Test]
    public void Evaluate_OnCallsRateLimited_ThrowsTransientWithReset()
    {
        _bed.Fake.Server.FailNext("GET", "/oncalls", FakeResponse.Error(429, """{"error":{"message":"Rate Limit Exceeded","code":2020}}""", ("ratelimit-reset", "12")));

        var error = Assert.ThrowsAsync<TransientAdapterException>(() => EvaluateAsync("Service A"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    private static AccessRequestSnapshot Request(params string[] services) =>
        PagerDutyTestBed.Request(annotations: new Dictionary<string, IReadOnlyList<string>>
        {
            ["pagerduty_notify_service"] = ["Service A"],
            ["pagerduty_services"] = services,
        });

    private Task<OnCallDecision> EvaluateAsync(params string[] services) =>
        _bed.Approver.EvaluateAsync(Request(services), CancellationToken.None);
}
