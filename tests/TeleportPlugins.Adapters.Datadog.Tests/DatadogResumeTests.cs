using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes;

namespace TeleportPlugins.Adapters.Datadog.Tests;

/// <summary>A step resumed after a crash between Datadog accepting a call and the host recording it (contract 1.2).</summary>
public sealed class DatadogResumeTests
{
    private const string IncidentsPath = "/api/v2/incidents";
    private const string SearchPath = "/api/v2/incidents/search";

    private DatadogTestBed _bed = null!;
    private AdapterHarness _h = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await DatadogTestBed.StartAsync();
        _h = _bed.Harness();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _h.Dispose();
        await _bed.DisposeAsync();
    }

    [Test]
    public async Task Created_ResumedAfterTheIncidentWasDeclared_FindsItBySearchAndLaterStepsUpdateIt()
    {
        var request = DatadogTestBed.Request();
        await DeclareOtherIncidentsAsync(3);
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        await DeclareOtherIncidentsAsync(120); // Newer than it: the search reads a second page.
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);
        Assert.That(await _h.ReviewAsync(request.WithReview("bob@example.com", AccessRequestState.Approved, "ok")), Is.Null);

        var incident = _bed.Fake.Incidents.Single(i => i.Summary.EndsWith($"[teleport-access-request/{request.Id}]", StringComparison.Ordinal));
        var searches = _bed.Fake.Server.RequestsTo("GET", SearchPath);
        var search = searches[0];
        Assert.Multiple(() =>
        {
            Assert.That(_bed.Fake.Server.RequestsTo("POST", IncidentsPath).Count(r => r.Body.Contains(request.Id, StringComparison.Ordinal)), Is.EqualTo(1), "no second incident");
            Assert.That(_h.State.Get("incident_id"), Is.EqualTo(incident.Id));
            Assert.That(searches.Select(s => Uri.UnescapeDataString(s.Query)).ToList(), Has.Count.EqualTo(2).And.Some.Contains("page[offset]=100"), "the second page");
            Assert.That(search.Header("DD-APPLICATION-KEY"), Is.EqualTo(DatadogTestBed.ApplicationKey));
            Assert.That(Uri.UnescapeDataString(search.Query), Does.Contain("query=state:(active OR stable OR resolved)").And.Contain("sort=-created"));
            Assert.That(incident.Notes.Single(), Does.StartWith("bob@example.com reviewed the request"));
        });
    }

    [Test]
    public async Task Created_ResumedAfterACrashBeforeTheCall_SearchesAndDeclaresOnce()
    {
        var request = DatadogTestBed.Request();
        _bed.Fake.Server.FailNext("POST", IncidentsPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_bed.Fake.Incidents, Has.Count.EqualTo(1));
        Assert.That(_bed.Fake.Server.RequestsTo("GET", SearchPath), Has.Count.EqualTo(1));
        Assert.That(_h.State.Get("incident_id"), Is.EqualTo(_bed.Fake.Incidents.Single().Id));
    }

    [Test]
    public async Task Created_ResumedWithManyOlderIncidents_StopsSearchingAtTheFirstOlderThanTheClaim()
    {
        await DeclareOtherIncidentsAsync(150);
        _bed.Clock.Advance(TimeSpan.FromHours(1));
        var request = DatadogTestBed.Request();
        _bed.Fake.Server.FailNext("POST", IncidentsPath, FakeResponse.Unavailable());
        Assert.That(await _h.CreatedAsync(request), Is.Not.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.CreatedAsync(request), Is.Null);

        Assert.That(_bed.Fake.Server.RequestsTo("GET", SearchPath), Has.Count.EqualTo(1), "one page: its first incident is older than the claim, so are all after it");
        Assert.That(_bed.Fake.Incidents.Count(i => i.Summary.Contains(request.Id, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task ReviewAdded_ResumedAfterTheNoteWasPosted_DoesNotPostItAgain()
    {
        var request = DatadogTestBed.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var first = request.WithReview("bob@example.com", AccessRequestState.Approved, "ok");
        Assert.That(await _h.ReviewAsync(first), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ReviewAsync(first), Is.Null);
        var second = first.Request.WithReview("carol@example.com", AccessRequestState.Approved, "agreed");
        Assert.That(await _h.ReviewAsync(second), Is.Null);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.Notes, Has.Count.EqualTo(2));
        Assert.That(incident.Notes[1], Does.EndWith($"[teleport-access-request/{request.Id} review:1]"));
        Assert.That(_bed.Fake.Server.RequestsTo("GET", $"{IncidentsPath}/{incident.Id}/timeline"), Has.Count.EqualTo(1), "only the resumed step reads the timeline");
    }

    [Test]
    public async Task Resolved_ResumedAfterTheNoteWasPosted_ResolvesWithoutASecondNote()
    {
        var request = DatadogTestBed.Request();
        Assert.That(await _h.CreatedAsync(request), Is.Null);
        var resolved = request.Resolved(AccessRequestState.Denied, "no");
        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);
        _h.LoseLastAttempt();

        Assert.That(await _h.ResolvedAsync(resolved), Is.Null);

        var incident = _bed.Fake.Incidents.Single();
        Assert.That(incident.Notes, Is.EqualTo(new[] { $"Access request has been denied\nReason: no\n\n[teleport-access-request/{request.Id} resolution]" }));
        Assert.That(incident.State, Is.EqualTo("resolved"));
        Assert.That(_bed.Fake.Server.RequestsTo("PATCH", $"{IncidentsPath}/{incident.Id}"), Has.Count.EqualTo(2), "resolving again changes nothing");
    }

    private async Task DeclareOtherIncidentsAsync(int count)
    {
        var other = _bed.CreateAdapter();
        for (var i = 0; i < count; i++)
        {
            await other.OnRequestCreatedAsync(new RequestCreatedContext(DatadogTestBed.Request(id: $"other-{Guid.NewGuid()}"), new AdapterRequestState()), CancellationToken.None);
        }
    }
}
