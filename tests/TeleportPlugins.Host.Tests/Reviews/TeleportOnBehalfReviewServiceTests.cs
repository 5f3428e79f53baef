using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Reviews;

/// <summary>
/// Approve-from-tool against the simulator over gRPC, through the host's credentials, dialer and client: binding a tool's
/// user by trait (or opt-in e-mail) and submitting as that user, with Teleport's answers mapped by code and re-read.
/// </summary>
[TestFixture]
public sealed class TeleportOnBehalfReviewServiceTests
{
    private const string Trait = "slack_uid";

    private SimulatorTeleportPeer _peer = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        _peer.Server.AddUser(User("alice", SimulatorRoles.Reviewer, ("U_ALICE", Trait)));
        _peer.Server.AddUser(User("bob", SimulatorRoles.Reviewer, ("U_BOB", Trait), ("U_SHARED", Trait)));
        _peer.Server.AddUser(User("bob-twin", SimulatorRoles.Reviewer, ("U_SHARED", Trait)));
        _peer.Server.AddUser(User("erin@example.com", SimulatorRoles.Reviewer));
        _peer.Server.AddUser(User("carol", "requester", ("U_CAROL", Trait)));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _peer.DisposeAsync();

    [Test]
    public async Task FindReviewer_OneUserHasTheTraitValue_Found()
    {
        var lookup = await Service().FindReviewerAsync(Binding("U_ALICE"), CancellationToken.None);

        Assert.That((lookup.Outcome, lookup.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.Found, "alice")));
    }

    [Test]
    public async Task FindReviewer_TwoUsersHaveTheTraitValue_AmbiguousNamingTrait()
    {
        var lookup = await Service().FindReviewerAsync(Binding("U_SHARED"), CancellationToken.None);

        Assert.That((lookup.Outcome, lookup.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.Ambiguous, (string?)null)));
        Assert.That(lookup.Detail, Is.EqualTo("2 Teleport users have trait 'slack_uid' = U_SHARED"));
    }

    [Test]
    public async Task FindReviewer_NoTraitAndEmailMatchNotAllowed_NotFoundAlthoughAUserHasThatName()
    {
        var lookup = await Service().FindReviewerAsync(Binding("U_ERIN", "erin@example.com", allowEmail: false), CancellationToken.None);

        Assert.That((lookup.Outcome, lookup.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.NotFound, (string?)null)));
        Assert.That(lookup.Detail, Is.EqualTo("no Teleport user has trait 'slack_uid' = U_ERIN"));
    }

    [Test]
    public async Task FindReviewer_NoTraitAndEmailMatchAllowed_FoundByUsername()
    {
        var service = Service();

        var named = await service.FindReviewerAsync(Binding("U_ERIN", "erin@example.com", allowEmail: true), CancellationToken.None);
        var unnamed = await service.FindReviewerAsync(Binding("U_NOBODY", "nobody@example.com", allowEmail: true), CancellationToken.None);

        Assert.That((named.Outcome, named.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.Found, "erin@example.com")));
        Assert.That(unnamed.Outcome, Is.EqualTo(ReviewerLookupOutcome.NotFound));
    }

    [Test]
    public async Task FindReviewer_TraitMatchesAndEmailAllowed_TraitWins()
    {
        var lookup = await Service().FindReviewerAsync(Binding("U_ALICE", "erin@example.com", allowEmail: true), CancellationToken.None);

        Assert.That(lookup.TeleportUser, Is.EqualTo("alice"));
    }

    [Test]
    public async Task FindReviewer_AgainWithinAMinute_AnsweredFromCacheThenListedAgainAfter()
    {
        var time = new FakeTimeProvider();
        var service = Service(time);
        _peer.Server.AddUser(User("frank", SimulatorRoles.Reviewer, ("U_FRANK", Trait)));
        var first = await service.FindReviewerAsync(Binding("U_FRANK"), CancellationToken.None);
        var listed = ListUsersCalls();
        // A second user takes the same ID: the cached answer stands for a minute, then Teleport's users are read again.
        _peer.Server.AddUser(User("frank-2", SimulatorRoles.Reviewer, ("U_FRANK", Trait)));

        time.Advance(TimeSpan.FromSeconds(59));
        var cached = await service.FindReviewerAsync(Binding("U_FRANK"), CancellationToken.None);
        var listedWhileCached = ListUsersCalls();
        time.Advance(TimeSpan.FromSeconds(2));
        var fresh = await service.FindReviewerAsync(Binding("U_FRANK"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Outcome, first.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.Found, "frank")));
            Assert.That((cached.Outcome, cached.TeleportUser), Is.EqualTo((ReviewerLookupOutcome.Found, "frank")));
            Assert.That(listedWhileCached, Is.EqualTo(listed), "no ListUsers call within the minute");
            Assert.That(fresh.Outcome, Is.EqualTo(ReviewerLookupOutcome.Ambiguous));
            Assert.That(ListUsersCalls(), Is.GreaterThan(listed));
        });
    }

    [Test]
    public async Task FindReviewer_HostRoleMayNotListUsers_UnavailableNamingTheRuleAndNotCached()
    {
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions { PluginRoles = [SimulatorRoles.AccessPlugin] });
        peer.Server.AddUser(User("alice", SimulatorRoles.Reviewer, ("U_ALICE", Trait)));
        var service = Service(peer);

        var lookup = await service.FindReviewerAsync(Binding("U_ALICE"), CancellationToken.None);
        await service.FindReviewerAsync(Binding("U_ALICE"), CancellationToken.None);

        Assert.That(lookup.Outcome, Is.EqualTo(ReviewerLookupOutcome.Unavailable));
        Assert.That(lookup.Detail, Does.Contain("resources [user] with verbs [list, read]"));
        Assert.That(peer.Server.Calls.Snapshot()["ListUsers"], Is.EqualTo(2), "a refusal is asked again on the next click");
    }

    [Test]
    public async Task Submit_BoundUser_AppliedAndAuditRecordsAuthorAndSubmittedBy()
    {
        var id = Create("carol");

        var result = await Service().SubmitAsync(Review(id, "alice", AccessRequestState.Approved, "from Slack"), CancellationToken.None);

        var audit = _peer.Server.GetAuditEntries().Single(e => e.RequestId == id && e.Event == "access_request.review");
        Assert.Multiple(() =>
        {
            Assert.That((result.Outcome, result.RequestState), Is.EqualTo((OnBehalfReviewOutcome.Applied, (AccessRequestState?)AccessRequestState.Approved)));
            Assert.That((audit.Reviewer, audit.SubmittedBy, audit.Actor, audit.Reason), Is.EqualTo(("alice", "teleport-plugins", "teleport-plugins", "from Slack")));
            Assert.That(_peer.Server.GetRequest(id)!.Reviews.Single().Author, Is.EqualTo("alice"));
        });
    }

    [Test]
    public async Task Submit_Deny_AppliedAsDenied()
    {
        var id = Create("carol");

        var result = await Service().SubmitAsync(Review(id, "alice", AccessRequestState.Denied), CancellationToken.None);

        Assert.That((result.Outcome, result.RequestState), Is.EqualTo((OnBehalfReviewOutcome.Applied, (AccessRequestState?)AccessRequestState.Denied)));
    }

    [Test]
    public async Task Submit_SameClickTwice_OneReviewThenAlreadyReviewed()
    {
        var id = Create("carol", approvals: 2);
        var service = Service();

        var first = await service.SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);
        var second = await service.SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Outcome, second.Outcome), Is.EqualTo((OnBehalfReviewOutcome.Applied, OnBehalfReviewOutcome.AlreadyReviewed)));
            Assert.That(_peer.Server.GetAuditEntries().Count(e => e.RequestId == id && e.Event == "access_request.review"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Submit_SameClickTwiceOnAOneApprovalRequest_AlreadyReviewedRatherThanResolved()
    {
        var id = Create("carol");
        var service = Service();

        await service.SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);
        var again = await service.SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.That((again.Outcome, again.RequestState), Is.EqualTo((OnBehalfReviewOutcome.AlreadyReviewed, (AccessRequestState?)AccessRequestState.Approved)));
    }

    [Test]
    public async Task Submit_RequestResolvedInTheWebUi_AlreadyResolvedNothingRecorded()
    {
        var id = Create("carol");
        _peer.Server.Deny(id, "no");

        var result = await Service().SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.That((result.Outcome, result.RequestState), Is.EqualTo((OnBehalfReviewOutcome.AlreadyResolved, (AccessRequestState?)AccessRequestState.Denied)));
        Assert.That(_peer.Server.GetRequest(id)!.Reviews, Is.Empty);
    }

    [Test]
    public async Task Submit_UnknownRequest_NotFound()
    {
        var result = await Service().SubmitAsync(Review(Guid.NewGuid().ToString(), "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(OnBehalfReviewOutcome.NotFound));
    }

    [Test]
    public async Task Submit_RequesterApprovesOwnRequest_RefusedWithTeleportsMessage()
    {
        var id = Create("alice");

        var result = await Service().SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Outcome, result.Message), Is.EqualTo((OnBehalfReviewOutcome.Refused, $"user \"alice\" cannot review request {id}")));
            Assert.That(_peer.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Pending));
            Assert.That(_peer.Server.GetRequest(id)!.Reviews, Is.Empty);
        });
    }

    [Test]
    public async Task Submit_BoundUserWhoseRolesCannotReview_Refused()
    {
        var id = Create("alice");

        var result = await Service().SubmitAsync(Review(id, "carol", AccessRequestState.Approved), CancellationToken.None);

        Assert.That((result.Outcome, result.Message), Is.EqualTo((OnBehalfReviewOutcome.Refused, $"user \"carol\" cannot review request {id}")));
    }

    [Test]
    public async Task Submit_HostRoleWithoutSubmitForUsers_RefusedNamingTheRuleAndNothingRecorded()
    {
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions
        {
            PluginRoles = [SimulatorRoles.AccessPlugin, SimulatorRoles.AccessPluginReviewer, SimulatorRoles.UserReader],
        });
        peer.Server.AddUser(User("alice", SimulatorRoles.Reviewer, ("U_ALICE", Trait)));
        var id = peer.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;

        var result = await Service(peer).SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(OnBehalfReviewOutcome.Refused));
            Assert.That(result.Message, Does.StartWith("user \"teleport-plugins\" cannot submit reviews on behalf of \"alice\""));
            Assert.That(result.Message, Does.Contain("review_requests.submit_for_users"));
            Assert.That(peer.Server.GetRequest(id)!.Reviews, Is.Empty);
        });
    }

    [Test]
    public async Task SubmitAndFind_TeleportUnreachable_RefusedTryAgainAndUnavailable_NothingRetried()
    {
        var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        var connection = peer.Connection;
        var id = peer.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        var service = new TeleportOnBehalfReviewService(connection.OnBehalf, () => connection.Identity.Username, new FakeTimeProvider(), NullLogger<TeleportOnBehalfReviewService>.Instance);
        await peer.Server.DisposeAsync();
        try
        {
            var result = await service.SubmitAsync(Review(id, "alice", AccessRequestState.Approved), CancellationToken.None);
            var lookup = await service.FindReviewerAsync(Binding("U_ALICE"), CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(result.Outcome, Is.EqualTo(OnBehalfReviewOutcome.Refused));
                Assert.That(result.Message, Does.StartWith("Teleport could not be reached or did not answer in time (Unavailable); try again"));
                Assert.That(lookup.Outcome, Is.EqualTo(ReviewerLookupOutcome.Unavailable));
                Assert.That(peer.Server.Calls.Snapshot()["SubmitAccessReview"], Is.Zero);
            });
        }
        finally
        {
            await peer.DisposeAsync();
        }
    }

    [Test]
    public async Task Submit_NeitherApproveNorDeny_RefusedWithoutCallingTeleport()
    {
        var before = _peer.Server.Calls.Snapshot()["SubmitAccessReview"];

        var result = await Service().SubmitAsync(Review(Create("carol"), "alice", AccessRequestState.Pending), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(OnBehalfReviewOutcome.Refused));
        Assert.That(_peer.Server.Calls.Snapshot()["SubmitAccessReview"], Is.EqualTo(before));
    }

    private TeleportOnBehalfReviewService Service(TimeProvider? time = null) => Service(_peer, time);

    private static TeleportOnBehalfReviewService Service(SimulatorTeleportPeer peer, TimeProvider? time = null) =>
        new(peer.Connection.OnBehalf, () => peer.Connection.Identity.Username, time ?? new FakeTimeProvider(), NullLogger<TeleportOnBehalfReviewService>.Instance);

    private long ListUsersCalls() => _peer.Server.Calls.Snapshot()["ListUsers"];

    private string Create(string user, uint approvals = 1) =>
        _peer.Server.CreateRequest(new NewAccessRequest
        {
            User = user,
            Roles = ["editor"],
            Thresholds = [new ReviewThresholdSpec { Approve = approvals }],
        }).Id;

    private static SimulatedUser User(string name, string role, params (string Value, string Trait)[] traits) =>
        new(name, [role], traits.GroupBy(t => t.Trait).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => t.Value)]));

    private static ReviewerBinding Binding(string toolUserId, string? email = null, bool allowEmail = false) => new(Trait, toolUserId, email, allowEmail);

    private static OnBehalfReview Review(string id, string user, AccessRequestState state, string reason = "") => new(id, user, state, reason, "Slack", "U_CLICK");
}
