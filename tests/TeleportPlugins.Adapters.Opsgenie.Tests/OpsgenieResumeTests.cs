using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

/// <summary>A step resumed after a crash between Opsgenie accepting a call and the host recording it (contract 1.2).</summary>
public sealed class OpsgenieResumeTests
{
    private const string AlertsPath = "/v2/alerts";

    private OpsgenieTestBed _bed = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await OpsgenieTestBed.StartAsync();
        _h = new AdapterHarness(new OpsgenieAdapterFactory(), _bed.Options, _bed.Clock, AdapterHarness.Recipients());
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _h.Dispose();
        await _bed.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheAlertWasCreated_AdoptsItByAliasAndLaterStepsUpdateIt()
    {
        var request = OpsgenieTestBed.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReviewAsync(request.WithReview("bob@example.com", AccessRequestState.Approved, "ok")), Is.Null);

        var alert = _bed.Fake.Alerts.Single();
        var lookup = _bed.Fake.Server.Requests.Single(r => r.Method == "GET" && r.Path.StartsWith("/v2/alerts/teleport-access-request", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(_bed.Fake.Server.RequestsTo("POST", AlertsPath), Has.Count.EqualTo(1), "no second creation");
            Assert.That(alert.Count, Is.EqualTo(1), "nothing was de-duplicated into the alert either");
            Assert.That(_h.State.Get("alert_id"), Is.EqualTo(alert.Id));
            Assert.That(Uri.UnescapeDataString(lookup.Path), Is.EqualTo($"/v2/alerts/teleport-access-request/{request.Id}"));
            Assert.That(lookup.Query, Is.EqualTo("?identifierType=alias"));
            Assert.That(lookup.Header("Authorization"), Is.EqualTo($"GenieKey {OpsgenieTestBed.ApiKey}"));
            Assert.That(alert.Notes.Single(), Does.StartWith("bob@example.com reviewed the request"));
        });
    }

    [Test]
    public async Task Created_ResumedAfterACrashBeforeTheCall_CreatesTheAlertOnce()
    {
        var request = OpsgenieTestBed.Request();
        _bed.Fake.Server.FailNext("POST", AlertsPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        var alert = _bed.Fake.Alerts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Count, Is.EqualTo(1));
            Assert.That(_h.State.Get("alert_id"), Is.EqualTo(alert.Id));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheNoteWasAdded_FindsItsMarkerAndAddsNoSecondNote()
    {
        var request = OpsgenieTestBed.Request();
        await _h.CreatedAsync(request);
        var reviewed = request.WithReview("bob@example.com", AccessRequestState.Approved, "ok");
        Assert.That(await _h.ReviewAsync(reviewed), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(reviewed), Is.Null);

        var alert = _bed.Fake.Alerts.Single();
        var lookup = _bed.Fake.Server.RequestsTo("GET", $"/v2/alerts/{alert.Id}/notes").Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Notes, Has.Count.EqualTo(1));
            Assert.That(alert.Notes[0], Does.EndWith($"\n[teleport-access-request/{request.Id} review:0]"));
            Assert.That(lookup.Query, Is.EqualTo("?identifierType=id&order=asc&direction=next&limit=100"));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedWhenOnlyAnEarlierReviewsNoteExists_AddsThisReviewsNoteOnce()
    {
        var request = OpsgenieTestBed.Request();
        await _h.CreatedAsync(request);
        var first = request.WithReview("bob@example.com", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(first);
        var second = first.Request.WithReview("carol@example.com", AccessRequestState.Approved, "fine");
        _bed.Fake.Server.FailNext("POST", $"/v2/alerts/{_bed.Fake.Alerts.Single().Id}/notes", FakeResponse.Unavailable());
        Assert.That(await _h.ReviewAsync(second), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(second), Is.Null);

        var notes = _bed.Fake.Alerts.Single().Notes;
        Assert.Multiple(() =>
        {
            Assert.That(notes, Has.Count.EqualTo(2));
            Assert.That(notes[1], Does.StartWith("carol@example.com reviewed the request").And.EndWith("review:1]"));
        });
    }

    [Test]
    public async Task ReviewAdded_ResumedWithTheNoteBeyondTheFirstPage_ReadsOnUntilItFindsIt()
    {
        var request = OpsgenieTestBed.Request();
        await _h.CreatedAsync(request);
        var alert = _bed.Fake.Alerts.Single();
        alert.Notes.AddRange(Enumerable.Range(0, 150).Select(i => $"someone else's note {i}"));
        var reviewed = request.WithReview("bob@example.com", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(reviewed);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(reviewed), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(alert.Notes, Has.Count.EqualTo(151));
            Assert.That(_bed.Fake.Server.RequestsTo("GET", $"/v2/alerts/{alert.Id}/notes"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Resolved_ResumedAfterTheAlertWasClosed_OpsgenieIgnoresTheSecondCloseAndItsNote()
    {
        var request = OpsgenieTestBed.Request();
        await _h.CreatedAsync(request);
        var resolved = request.Resolved(AccessRequestState.Approved, "done");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        var alert = _bed.Fake.Alerts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Status, Is.EqualTo("closed"));
            Assert.That(alert.Notes, Is.EqualTo(new[] { "Access request has been approved\nReason: done" }));
        });
    }

    [Test]
    public async Task Steps_NotResumed_MakeNoLookupCall()
    {
        var request = OpsgenieTestBed.Request();
        await _h.CreatedAsync(request);
        var reviewed = request.WithReview("bob@example.com", AccessRequestState.Approved, "ok");
        await _h.ReviewAsync(reviewed);
        await _h.ResolvedAsync(reviewed.Request.Resolved(AccessRequestState.Approved, "done"));

        var gets = _bed.Fake.Server.Requests.Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.That(gets, Is.Not.Empty.And.All.StartsWith("/v2/alerts/requests/"), "only the creation's status poll reads");
    }
}
