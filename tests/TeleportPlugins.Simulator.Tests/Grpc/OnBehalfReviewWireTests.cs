using Grpc.Core;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Users;
using TeleportPlugins.Simulator.Tests.Support;
using static TeleportPlugins.Simulator.Tests.Grpc.AuthServiceWireTests;

namespace TeleportPlugins.Simulator.Tests.Grpc;

/// <summary>
/// Approve-from-tool on Teleport's side (teleport#66230): users with traits listed through
/// teleport.users.v1.UsersService/ListUsers, and SubmitAccessReview for another author flagged
/// submitted_on_behalf_of_author, allowed only by review_requests.submit_for_users and then judged on the author's roles.
/// </summary>
[TestFixture]
public sealed class OnBehalfReviewWireTests
{
    private const string PluginUser = "tool-plugin";

    private TestSimulator sim = null!;
    private SimulatorClient plugin = null!;
    private SimulatorClient pluginWithoutSubmitFor = null!;
    private SimulatorClient admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        sim = await TestSimulator.StartAsync();
        plugin = await sim.ConnectAsAsync(PluginUser, SimulatorRoles.AccessPlugin, SimulatorRoles.AccessPluginWithReview);
        pluginWithoutSubmitFor = await sim.ConnectAsAsync("plain-plugin", SimulatorRoles.AccessPlugin, SimulatorRoles.UserReader, SimulatorRoles.AccessPluginReviewer);
        admin = await sim.ConnectAsAsync("admin", SimulatorRoles.Admin);
        sim.Server.AddUser(User("alice", SimulatorRoles.Reviewer, ("slack_uid", "U_ALICE")));
        sim.Server.AddUser(User("bob", SimulatorRoles.Reviewer, ("slack_uid", "U_BOB"), ("discord_uid", "123")));
        sim.Server.AddUser(User("carol", "requester"));
        sim.Server.AddUser(User("dave", "requester", ("slack_uid", "U_DAVE")));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await sim.DisposeAsync();

    [Test]
    public async Task ListUsers_PagedByName_ReturnsRolesAndTraitsWithoutSecrets()
    {
        var users = new UsersService.UsersServiceClient(plugin.Invoker);

        var first = await UnaryAsync(users.ListUsersAsync(new ListUsersRequest { PageSize = 2 }));
        var second = await UnaryAsync(users.ListUsersAsync(new ListUsersRequest { PageSize = 2, PageToken = first.NextPageToken }));
        var names = first.Users.Concat(second.Users).Select(u => u.Metadata.Name).ToList();
        var bob = first.Users.Concat(second.Users).Single(u => u.Metadata.Name == "bob");

        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(new[] { "alice", "bob", "carol", "dave" }), "in name order, two pages");
            Assert.That(second.NextPageToken, Is.Empty);
            Assert.That(first.NextPageToken, Is.EqualTo("carol"));
            Assert.That((bob.Kind, bob.Version), Is.EqualTo(("user", "v2")));
            Assert.That(bob.Spec.Roles, Is.EqualTo(new[] { SimulatorRoles.Reviewer }));
            Assert.That(bob.Spec.Traits.Values["slack_uid"].Values, Is.EqualTo(new[] { "U_BOB" }));
            Assert.That(bob.Spec.Traits.Values["discord_uid"].Values, Is.EqualTo(new[] { "123" }));
        });
    }

    [Test]
    public async Task ListUsers_WithoutUserListRead_PermissionDenied()
    {
        var reviewer = await sim.ConnectAsAsync("erin", SimulatorRoles.Reviewer);

        var error = CallFails(new UsersService.UsersServiceClient(reviewer.Invoker).ListUsersAsync(new ListUsersRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("access denied to perform action \"list, read\" on \"user\" for user \"erin\""));
        });
    }

    [Test]
    public async Task GetUser_ByName_ReturnsRolesAndTraitsAndNotFoundForNoSuchUser()
    {
        var users = new UsersService.UsersServiceClient(plugin.Invoker);

        var bob = (await UnaryAsync(users.GetUserAsync(new GetUserRequest { Name = "bob" }))).User;
        var missing = CallFails(users.GetUserAsync(new GetUserRequest { Name = "nobody" }));

        Assert.Multiple(() =>
        {
            Assert.That((bob.Metadata.Name, bob.Kind, bob.Version), Is.EqualTo(("bob", "user", "v2")));
            Assert.That(bob.Spec.Roles, Is.EqualTo(new[] { SimulatorRoles.Reviewer }));
            Assert.That(bob.Spec.Traits.Values["discord_uid"].Values, Is.EqualTo(new[] { "123" }));
            Assert.That(missing.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(missing.Status.Detail, Is.EqualTo("user \"nobody\" is not found"));
        });
    }

    [Test]
    public async Task GetUser_WithoutUserRead_PermissionDenied()
    {
        var reviewer = await sim.ConnectAsAsync("frank", SimulatorRoles.Reviewer);

        var error = CallFails(new UsersService.UsersServiceClient(reviewer.Invoker).GetUserAsync(new GetUserRequest { Name = "bob" }));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("access denied to perform action \"read\" on \"user\" for user \"frank\""));
        });
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfWithSubmitForUsers_RecordsAuthorAndSubmittedBy()
    {
        var id = await CreateAsync("carol");

        var reviewed = await UnaryAsync(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved, reason: "from Slack")));

        var review = reviewed.Spec.Reviews.Single();
        var audit = sim.Server.GetAuditEntries().Single(e => e.RequestId == id && e.Event == "access_request.review");
        Assert.Multiple(() =>
        {
            Assert.That(reviewed.Spec.State, Is.EqualTo(RequestState.Approved));
            Assert.That((review.Author, review.SubmittedBy, review.SubmittedOnBehalfOfAuthor), Is.EqualTo(("alice", PluginUser, true)));
            Assert.That((audit.Actor, audit.Reviewer, audit.SubmittedBy, audit.Reason), Is.EqualTo((PluginUser, "alice", PluginUser, "from Slack")));
        });
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfSubmittedByAnotherIdentity_PermissionDenied()
    {
        var id = await CreateAsync("carol");
        var submission = OnBehalf(id, "alice", RequestState.Approved);
        submission.Review.SubmittedBy = "someone-else";

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(submission));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, $"user \"{PluginUser}\" cannot submit reviews on behalf of \"someone-else\"");
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfWithoutSubmitForUsers_PermissionDenied()
    {
        var id = await CreateAsync("carol");

        var error = CallFails(pluginWithoutSubmitFor.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved, submittedBy: "plain-plugin")));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, "user \"plain-plugin\" cannot submit reviews on behalf of \"alice\"");
    }

    [Test]
    public async Task SubmitAccessReview_ForAnotherAuthorWithoutTheFlag_PermissionDeniedEvenWithSubmitForUsers()
    {
        var id = await CreateAsync("carol");
        var submission = OnBehalf(id, "alice", RequestState.Approved);
        submission.Review.SubmittedOnBehalfOfAuthor = false;

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(submission));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, $"user \"{PluginUser}\" cannot submit reviews on behalf of \"alice\"");
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfOfUnknownUser_NotFound()
    {
        var id = await CreateAsync("carol");

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "mallory", RequestState.Approved)));

        AssertRefusedAndUnchanged(id, error, StatusCode.NotFound, "user \"mallory\" is not found");
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfOfUserWhoseRolesCannotReview_PermissionDenied()
    {
        var id = await CreateAsync("carol");

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "dave", RequestState.Approved)));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, $"user \"dave\" cannot review request {id}");
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfOfTheRequester_PermissionDenied()
    {
        var id = await CreateAsync("alice");

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved)));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, $"user \"alice\" cannot review request {id}");
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfTwiceForTheSameAuthor_SecondPermissionDeniedOneReview()
    {
        var id = await CreateAsync("carol", new AccessReviewThreshold { Name = "two", Approve = 2, Deny = 2 });
        await UnaryAsync(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved)));

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved)));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("user \"alice\" has already reviewed this request"));
            Assert.That(sim.Server.GetRequest(id)!.Reviews, Has.Count.EqualTo(1));
            Assert.That(sim.Server.GetAuditEntries().Count(e => e.RequestId == id && e.Event == "access_request.review"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SubmitAccessReview_OnBehalfAfterResolution_PermissionDeniedAlreadyResolved()
    {
        var id = await CreateAsync("carol");
        sim.Server.Deny(id, "no");

        var error = CallFails(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "bob", RequestState.Approved)));

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("the access request has been already denied"));
            Assert.That(sim.Server.GetRequest(id)!.Reviews, Is.Empty);
        });
    }

    [Test]
    public async Task SubmitAccessReview_TwoAuthorsOnBehalf_ThresholdTwoApproves()
    {
        var id = await CreateAsync("carol", new AccessReviewThreshold { Name = "two", Approve = 2, Deny = 1 });

        var first = await UnaryAsync(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "alice", RequestState.Approved)));
        var second = await UnaryAsync(plugin.Auth.SubmitAccessReviewAsync(OnBehalf(id, "bob", RequestState.Approved)));

        Assert.That((first.Spec.State, second.Spec.State), Is.EqualTo((RequestState.Pending, RequestState.Approved)));
    }

    [Test]
    public async Task SubmitAccessReview_OwnReviewOfOwnRequest_PermissionDenied()
    {
        var reviewer = await sim.ConnectAsAsync("frank", SimulatorRoles.Reviewer);
        var id = await CreateAsync("frank");

        var error = CallFails(reviewer.Auth.SubmitAccessReviewAsync(Requests.Review(id, RequestState.Approved)));

        AssertRefusedAndUnchanged(id, error, StatusCode.PermissionDenied, $"user \"frank\" cannot review request {id}");
    }

    private static SimulatedUser User(string name, string role, params (string Trait, string Value)[] traits) =>
        new(name, [role], traits.ToDictionary(t => t.Trait, t => (IReadOnlyList<string>)[t.Value]));

    private static AccessReviewSubmission OnBehalf(string id, string author, RequestState state, string reason = "", string submittedBy = PluginUser)
    {
        var submission = Requests.Review(id, state, author, reason);
        submission.Review.SubmittedBy = submittedBy;
        submission.Review.SubmittedOnBehalfOfAuthor = true;
        return submission;
    }

    private void AssertRefusedAndUnchanged(string id, RpcException error, StatusCode code, string detail) =>
        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(code));
            Assert.That(error.Status.Detail, Is.EqualTo(detail));
            Assert.That(sim.Server.GetRequest(id)!.State, Is.EqualTo(AccessRequestState.Pending));
            Assert.That(sim.Server.GetRequest(id)!.Reviews, Is.Empty);
            Assert.That(sim.Server.GetAuditEntries().Any(e => e.RequestId == id && e.Event == "access_request.review"), Is.False);
        });

    private async Task<string> CreateAsync(string user, params AccessReviewThreshold[] thresholds) =>
        (await UnaryAsync(admin.Auth.CreateAccessRequestV2Async(Requests.For(user, thresholds)))).Metadata.Name;
}
