using TeleportPlugins.Fakes.ServiceNow;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

public sealed class ServiceNowOnCallApproverTests
{
    private const string Rota = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private const string OtherRota = "0f9e8d7c6b5a49382716f5e4d3c2b1a0";

    [Test]
    public async Task Evaluate_RequesterOnCall_ApprovesNamingTheRota()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AutoApprove = true);
        var alice = h.ServiceNow.PutOnCall(Rota, "SRE Primary", "alice");

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota), CancellationToken.None);

        var whoIsOnCall = h.ServiceNow.Server.RequestsTo("GET", "/api/now/on_call_rota/whoisoncall").Single();
        var user = h.ServiceNow.Server.RequestsTo("GET", $"/api/now/table/sys_user/{alice}").Single();
        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.True, decision.Evidence);
            Assert.That(decision.Evidence, Is.EqualTo($"Access requested by user alice who is on call in ServiceNow rota 'SRE Primary' ({Rota})"));
            // The fake clock stands at 12:30:15 UTC and its local time zone is UTC.
            Assert.That(Uri.UnescapeDataString(whoIsOnCall.Query), Is.EqualTo($"?rota_ids={Rota}&date_time=2026-11-21 12:30:15"));
            Assert.That(whoIsOnCall.Header("Authorization"), Is.EqualTo(h.BasicHeader));
            Assert.That(user.Query, Is.EqualTo("?sysparm_fields=user_name"));
            Assert.That(h.ServiceNow.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task Evaluate_SomeoneElseOnCall_DoesNotApprove()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AutoApprove = true);
        h.ServiceNow.PutOnCall(Rota, "SRE Primary", "bob");
        h.ServiceNow.PutOnCall(OtherRota, "DBA", "alice");

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.False);
            Assert.That(decision.Evidence, Is.EqualTo($"alice is not on call in ServiceNow rota(s) {Rota}"));
        });
    }

    [Test]
    public async Task Evaluate_FirstRotaEmptySecondHasRequester_Approves()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AutoApprove = true);
        h.ServiceNow.PutOnCall(Rota, "DBA", "alice");

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota, OtherRota), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.True);
            Assert.That(h.ServiceNow.Server.RequestsTo("GET", "/api/now/on_call_rota/whoisoncall"), Has.Count.EqualTo(2), "rotas are asked in sorted order; the empty one is skipped");
            Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains($"Nobody is on call in ServiceNow rota {OtherRota}"));
        });
    }

    [Test]
    public async Task Evaluate_RotaNameUnreadable_StillApprovesNamingTheRotaBySysId()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AutoApprove = true);
        h.ServiceNow.PutOnCall(Rota, "SRE Primary", "alice");
        h.ServiceNow.Server.FailNext("GET", $"/api/now/table/cmn_rota/{Rota}", ServiceNowApiFake.Error(403, "Insufficient rights", "ACL denies cmn_rota read"));

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.True);
            Assert.That(decision.Evidence, Does.EndWith($"ServiceNow rota {Rota}"));
        });
    }

    [Test]
    public async Task Evaluate_ConfiguredTimeZone_AsksForLocalTimeThere()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o =>
        {
            o.AutoApprove = true;
            o.TimeZone = "Asia/Tokyo";
        });

        await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota), CancellationToken.None);

        Assert.That(h.ServiceNow.OnCallQueries.Single(), Is.EqualTo("2026-11-21 21:30:15"));
    }

    [Test]
    public async Task Evaluate_AutoApprovalOff_NotOnCallWithoutAnyCall()
    {
        await using var h = await ServiceNowTestHarness.StartAsync();
        h.ServiceNow.PutOnCall(Rota, "SRE Primary", "alice");

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.WithRotas(ServiceNowTestHarness.Request(), Rota), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.False);
            Assert.That(decision.Evidence, Is.EqualTo("auto-approval is off"));
            Assert.That(h.ServiceNow.Server.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Evaluate_NoSchedulesAnnotation_NotOnCallWithoutAnyCall()
    {
        await using var h = await ServiceNowTestHarness.StartAsync(o => o.AutoApprove = true);

        var decision = await h.Approver.EvaluateAsync(ServiceNowTestHarness.Request(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approve, Is.False);
            Assert.That(decision.Evidence, Does.Contain("teleport.dev/schedules"));
            Assert.That(h.ServiceNow.Server.Requests, Is.Empty);
        });
    }
}
