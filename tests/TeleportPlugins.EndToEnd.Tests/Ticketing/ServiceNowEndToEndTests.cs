using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.ServiceNow;
using TeleportPlugins.Simulator;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.TicketingWorkload;

namespace TeleportPlugins.EndToEnd.Tests.Ticketing;

/// <summary>The ServiceNow adapter in real host processes against the simulator and the ServiceNow fake.</summary>
public sealed class ServiceNowEndToEndTests
{
    private const string Rota = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    [Test]
    public async Task TwoReplicas_ApprovedDeniedExpiredWithWatchDrop_OneIncidentWorkNoteAndResolutionEach()
    {
        await using var serviceNow = await ServiceNowApiFake.StartAsync();
        await using var cluster = await StartClusterAsync("servicenow");
        await cluster.StartReplicaAsync("a", ["servicenow"], Section(serviceNow));
        await cluster.StartReplicaAsync("b", ["servicenow"], Section(serviceNow));

        var planned = Run(cluster.Server);
        var final = planned.ToDictionary(p => p.Id, p => p.Outcome switch
        {
            AccessRequestState.Approved => ("approved", "6"),
            AccessRequestState.Denied => ("denied", "7"),
            _ => ("expired", "6"),
        });
        await WaitAsync(() => planned.All(p => IncidentOf(serviceNow, p.Id) is { } incident
            && incident.IncidentState == final[p.Id].Item2 && incident.CloseNotes.Length > 0 && incident.WorkNotes.Count == p.Reviewers.Count));
        await Task.Delay(1500);

        Assert.Multiple(() =>
        {
            Assert.That(serviceNow.Incidents.Select(i => i.CorrelationId), Is.EquivalentTo(planned.Select(p => "teleport-access-request/" + p.Id)), "one incident per request");
            foreach (var p in planned)
            {
                var incident = IncidentOf(serviceNow, p.Id)!;
                Assert.That(incident.WorkNotes.Select(n => n.Split(' ')[0]), Is.EquivalentTo(p.Reviewers), $"one work note per review of {p.Id}");
                Assert.That(incident.CloseNotes, Does.StartWith($"Access request has been {final[p.Id].Item1}"), p.Id);
                Assert.That(incident.CloseCode, Is.EqualTo("Solution provided"), p.Id);
                var resolutions = serviceNow.Server.RequestsTo("PATCH", $"/api/now/table/incident/{incident.SysId}")
                    .Count(r => r.Body.Contains("\"close_code\"", StringComparison.Ordinal));
                Assert.That(resolutions, Is.EqualTo(1), $"resolved once: {p.Id}");
            }

            Assert.That(serviceNow.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task AutoApprove_RequesterOnCallWithTwoReplicasAndWatchDrop_ApprovedOnceByThePlugin()
    {
        await using var serviceNow = await ServiceNowApiFake.StartAsync();
        serviceNow.PutOnCall(Rota, "Database primary", "alice");
        await using var cluster = await StartClusterAsync("servicenow");
        await cluster.StartReplicaAsync("a", ["servicenow"], AutoApproveSection(serviceNow));
        await cluster.StartReplicaAsync("b", ["servicenow"], AutoApproveSection(serviceNow));

        var onCall = cluster.Server.CreateRequest(WithRota("alice")).Id;
        cluster.Server.DropWatchStreams();
        var notOnCall = cluster.Server.CreateRequest(WithRota("bob")).Id;
        await WaitAsync(() => cluster.Server.GetRequest(onCall)!.State == AccessRequestState.Approved);
        await WaitAsync(() => IncidentOf(serviceNow, onCall)?.IncidentState == "6" && IncidentOf(serviceNow, notOnCall) is not null);
        await WaitAsync(() => serviceNow.OnCallQueries.Count >= 2);
        await Task.Delay(2000);

        var approved = cluster.Server.GetRequest(onCall)!;
        var pending = cluster.Server.GetRequest(notOnCall)!;
        Assert.Multiple(() =>
        {
            Assert.That(approved.Reviews.Select(r => (r.Author, r.ProposedState)), Is.EqualTo(new[] { ("teleport-plugins", AccessRequestState.Approved) }), "exactly one review, by the plugin user");
            Assert.That(approved.Reviews.Single().Reason, Does.Contain("on call"));
            Assert.That(pending.State, Is.EqualTo(AccessRequestState.Pending), "bob is not on call");
            Assert.That(pending.Reviews, Is.Empty);
            Assert.That(serviceNow.Incidents, Has.Count.EqualTo(2), "one incident per request");
            Assert.That(IncidentOf(serviceNow, notOnCall)!.IncidentState, Is.EqualTo("1"));
            Assert.That(serviceNow.Server.Unmatched, Is.Empty);
        });
    }

    [Test]
    public async Task AutoApprove_RequesterNotOnCall_StaysPending()
    {
        await using var serviceNow = await ServiceNowApiFake.StartAsync();
        serviceNow.PutOnCall(Rota, "Database primary", "carol");
        await using var cluster = await StartClusterAsync("servicenow");
        await cluster.StartReplicaAsync("a", ["servicenow"], AutoApproveSection(serviceNow));

        var id = cluster.Server.CreateRequest(WithRota("alice")).Id;
        await WaitAsync(() => IncidentOf(serviceNow, id) is not null && serviceNow.OnCallQueries.Count >= 1);
        await Task.Delay(2000);

        var request = cluster.Server.GetRequest(id)!;
        Assert.Multiple(() =>
        {
            Assert.That(request.State, Is.EqualTo(AccessRequestState.Pending));
            Assert.That(request.Reviews, Is.Empty);
            Assert.That(IncidentOf(serviceNow, id)!.IncidentState, Is.EqualTo("1"));
        });
    }

    private static NewAccessRequest WithRota(string user) => new()
    {
        User = user,
        Roles = ["db-admin"],
        Annotations = new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = [Rota] },
    };

    private static string Section(ServiceNowApiFake serviceNow) => $"""
        [servicenow]
        url = "{serviceNow.BaseAddress}"
        username = "{serviceNow.Username}"
        password = "{serviceNow.Password}"
        close_code = "Solution provided"
        """;

    private static string AutoApproveSection(ServiceNowApiFake serviceNow) => $"""
        [dispatch]
        auto_approve = ["servicenow"]

        {Section(serviceNow)}
        auto_approve = true
        """;

    private static FakeServiceNowIncident? IncidentOf(ServiceNowApiFake serviceNow, string requestId) =>
        serviceNow.Incidents.FirstOrDefault(i => i.CorrelationId == "teleport-access-request/" + requestId);
}
