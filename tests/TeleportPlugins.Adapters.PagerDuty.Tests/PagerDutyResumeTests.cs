using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>A step resumed after a crash between PagerDuty accepting a call and the host recording it (contract 1.2).</summary>
public sealed class PagerDutyResumeTests
{
    private PagerDutyTestBed _bed = null!;
    private AdapterHarness _h = null!;
    private string _serviceId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync();
        _serviceId = _bed.Fake.AddService("Teleport Notifications", "PEP0001");
        _h = new AdapterHarness(new PagerDutyAdapterFactory(), _bed.Options, new FakeTimeProvider(), AdapterHarness.Recipients());
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _h.Dispose();
        await _bed.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheIncidentWasOpened_FindsItByIncidentKeyAndLaterStepsUpdateIt()
    {
        var request = PagerDutyTestBed.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReviewAsync(request.WithReview("bob", AccessRequestState.Approved, "ok")), Is.Null);

        var incident = _bed.Fake.Incidents.Single();
        var lookup = _bed.Fake.Server.RequestsTo("GET", "/incidents").Single();
        Assert.Multiple(() =>
        {
            Assert.That(_bed.Fake.Server.RequestsTo("POST", "/incidents"), Has.Count.EqualTo(1), "no second creation was even tried");
            Assert.That(_h.State.Get("incident_id"), Is.EqualTo(incident.Id));
            Assert.That(_h.State.Get("service_id"), Is.EqualTo(_serviceId));
            Assert.That(Uri.UnescapeDataString(lookup.Query), Is.EqualTo($"?incident_key=teleport-access-request/{request.Id}&limit=100&offset=0"));
            Assert.That(incident.Notes.Single(), Does.StartWith("bob reviewed the request"));
        });
    }

    [Test]
    public async Task Created_ResumedAfterTheIncidentWasOpenedAndResolvedInPagerDuty_AdoptsItInsteadOfOpeningAnother()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var first = _bed.Fake.Incidents.Single();
        await _bed.CreateAdapter().OnRequestExpiredAsync(new RequestExpiredContext(request, new AdapterRequestState(_h.State.ToDictionary())), CancellationToken.None);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1), "PagerDuty would accept the key again once the incident is resolved");
            Assert.That(_h.State.Get("incident_id"), Is.EqualTo(first.Id));
        });
    }

    [Test]
    public async Task Created_ResumedAfterACrashBeforeTheCall_OpensTheIncidentOnce()
    {
        var request = PagerDutyTestBed.Request();
        _bed.Fake.Server.FailNext("POST", "/incidents", FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_h.State.Get("incident_id"), Is.EqualTo(_bed.Fake.Incidents.Single().Id));
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheNoteWasAdded_FindsItsMarkerAndAddsNoSecondNote()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var first = request.WithReview("bob", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(first);
        var second = first.Request.WithReview("carol", AccessRequestState.Approved, "fine");
        Assert.That(await _h.ReviewAsync(second), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(second), Is.Null);

        var incident = _bed.Fake.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.Notes, Has.Count.EqualTo(2));
            Assert.That(incident.Notes[1], Does.EndWith($"\n[teleport-access-request/{request.Id} review:1]"));
            Assert.That(_bed.Fake.Server.RequestsTo("GET", $"/incidents/{incident.Id}/notes").Single().Header("Accept"), Is.EqualTo("application/vnd.pagerduty+json;version=2"));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedWhenOnlyAnEarlierReviewsNoteExists_AddsThisReviewsNoteOnce()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var first = request.WithReview("bob", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(first);
        var second = first.Request.WithReview("carol", AccessRequestState.Approved, "fine");
        var incident = _bed.Fake.Incidents.Single();
        _bed.Fake.Server.FailNext("POST", $"/incidents/{incident.Id}/notes", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(second), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(second), Is.Null);

        Assert.That(incident.Notes, Has.Count.EqualTo(2));
        Assert.That(incident.Notes[1], Does.StartWith("carol reviewed the request"));
    }

    [Test]
    public async Task Resolved_ResumedAfterTheNoteButBeforeTheResolve_ResolvesWithoutASecondNote()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var incident = _bed.Fake.Incidents.Single();
        var resolved = request.Resolved(AccessRequestState.Approved, "done");
        _bed.Fake.Server.FailNext("PUT", $"/incidents/{incident.Id}", FakeResponse.Unavailable());
        Assert.That(await _h.ResolvedAsync(resolved), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(incident.Notes, Has.Count.EqualTo(1));
            Assert.That(incident.Status, Is.EqualTo("resolved"));
            Assert.That(_h.State.Get("resolution_note_id"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Resolved_ResumedAfterTheIncidentWasResolved_TreatsAlreadyResolvedAsDone()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var resolved = request.Resolved(AccessRequestState.Denied, "no");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        var incident = _bed.Fake.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.Notes, Has.Count.EqualTo(1));
            Assert.That(incident.Status, Is.EqualTo("resolved"));
            Assert.That(_bed.Fake.Server.RequestsTo("PUT", $"/incidents/{incident.Id}"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Steps_NotResumed_MakeNoLookupCall()
    {
        var request = PagerDutyTestBed.Request();
        await _h.CreatedAsync(request);
        var reviewed = request.WithReview("bob", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(reviewed);
        await _h.ResolvedAsync(reviewed.Request.Resolved(AccessRequestState.Approved, "done"));

        var gets = _bed.Fake.Server.Requests.Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.That(gets, Is.EqualTo(new[] { "/services" }), "only the service is looked up, by name, as before");
    }
}
