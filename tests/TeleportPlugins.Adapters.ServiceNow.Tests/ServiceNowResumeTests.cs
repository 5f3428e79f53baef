using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

/// <summary>A step resumed after a crash between ServiceNow accepting a call and the host recording it (contract 1.2).</summary>
public sealed class ServiceNowResumeTests
{
    private const string IncidentPath = "/api/now/table/incident";
    private const string JournalPath = "/api/now/table/sys_journal_field";

    private ServiceNowTestHarness _sn = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _sn = await ServiceNowTestHarness.StartAsync();
        _h = new AdapterHarness(new ServiceNowAdapterFactory(), _sn.Options, _sn.Clock, AdapterHarness.Recipients());
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _h.Dispose();
        await _sn.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheIncidentWasOpened_FindsItByCorrelationIdAndLaterStepsUpdateIt()
    {
        var request = ServiceNowTestHarness.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReviewAsync(request.WithReview("bob", AccessRequestState.Approved, "ok")), Is.Null);

        var incident = _sn.ServiceNow.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(_sn.ServiceNow.Server.RequestsTo("POST", IncidentPath), Has.Count.EqualTo(1), "no second incident");
            Assert.That(_h.State.Get("incident_id"), Is.EqualTo(incident.SysId));
            Assert.That(Uri.UnescapeDataString(_sn.ServiceNow.Server.RequestsTo("GET", IncidentPath).Single().Query), Does.StartWith($"?sysparm_query=correlation_id=teleport-access-request/{request.Id}^"));
            Assert.That(incident.WorkNotes.Single(), Does.StartWith("bob reviewed the request"));
        });
    }

    [Test]
    public async Task Created_ResumedAfterACrashBeforeTheCall_OpensTheIncidentOnce()
    {
        var request = ServiceNowTestHarness.Request();
        _sn.ServiceNow.Server.FailNext("POST", IncidentPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var incident = _sn.ServiceNow.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(_h.State.Get("incident_id"), Is.EqualTo(incident.SysId));
            Assert.That(incident.IncidentState, Is.EqualTo("1"), "its own incident is not taken for a duplicate");
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheWorkNoteWasAdded_FindsItsMarkerInTheJournalAndAddsNoSecond()
    {
        var request = ServiceNowTestHarness.Request();
        await _h.CreatedAsync(request);
        var reviewed = request.WithReview("bob", AccessRequestState.Approved, "ok");
        Assert.That(await _h.ReviewAsync(reviewed), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(reviewed), Is.Null);

        var incident = _sn.ServiceNow.Incidents.Single();
        var lookup = _sn.ServiceNow.Server.RequestsTo("GET", JournalPath).Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.WorkNotes, Has.Count.EqualTo(1));
            Assert.That(incident.WorkNotes[0], Does.EndWith($"\n[teleport-access-request/{request.Id} review:0]"));
            Assert.That(Uri.UnescapeDataString(lookup.Query), Is.EqualTo(
                $"?sysparm_query=name=incident^element_id={incident.SysId}^element=work_notes^valueLIKE[teleport-access-request/{request.Id} review:0]&sysparm_fields=sys_id&sysparm_limit=1"));
            Assert.That(lookup.Header("Authorization"), Is.EqualTo(_sn.BasicHeader));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedWhenOnlyAnEarlierReviewsNoteExists_AddsThisReviewsNoteOnce()
    {
        var request = ServiceNowTestHarness.Request();
        await _h.CreatedAsync(request);
        var first = request.WithReview("bob", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(first);
        var second = first.Request.WithReview("carol", AccessRequestState.Approved, "fine");
        var incident = _sn.ServiceNow.Incidents.Single();
        _sn.ServiceNow.Server.FailNext("PATCH", $"{IncidentPath}/{incident.SysId}", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(second), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(second), Is.Null);

        Assert.That(incident.WorkNotes, Has.Count.EqualTo(2));
        Assert.That(incident.WorkNotes[1], Does.StartWith("carol reviewed the request").And.EndWith("review:1]"));
    }

    [Test]
    public async Task Resolved_ResumedAfterTheIncidentWasResolved_RepeatsTheSameFieldsWithoutAWorkNote()
    {
        var request = ServiceNowTestHarness.Request();
        await _h.CreatedAsync(request);
        var resolved = request.Resolved(AccessRequestState.Approved, "done");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        var incident = _sn.ServiceNow.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.IncidentState, Is.EqualTo("6"));
            Assert.That(incident.CloseNotes, Is.EqualTo("Access request has been approved\nReason: done"));
            Assert.That(incident.WorkNotes, Is.Empty);
        });
    }

    [Test]
    public async Task Steps_NotResumed_MakeNoLookupCall()
    {
        var request = ServiceNowTestHarness.Request();
        await _h.CreatedAsync(request);
        var reviewed = request.WithReview("bob", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(reviewed);
        await _h.ResolvedAsync(reviewed.Request.Resolved(AccessRequestState.Approved, "done"));

        Assert.Multiple(() =>
        {
            Assert.That(_sn.ServiceNow.Server.Requests.Where(r => r.Method == "GET"), Is.Empty);
            Assert.That(_sn.ServiceNow.Server.Requests, Has.Count.EqualTo(3), "one POST and two PATCHes");
        });
    }
}
