using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Adapters.Common.Tests.Reviews;

/// <summary>The flow every tool's click goes through, against the simulator through the host's on-behalf review service.</summary>
public sealed class ToolReviewFlowTests() : ToolReviewFixture("Slack")
{
    private RecordingLogger _logs = null!;
    private string _requestId = null!;

    [SetUp]
    public void NewCluster()
    {
        Teleport
            .AddUser("alice", canReview: true, ("slack_uid", "U1"))
            .AddUser("bob", canReview: true, ("slack_uid", "U2"))
            .AddUser("carol@example.com", canReview: true);
        _requestId = Teleport.AddRequest(requester: "bob");
        _logs = new RecordingLogger();
    }

    [Test]
    public async Task ReviewAsync_BoundUserApproves_SubmittedAsThatUserAndToldSo()
    {
        var reply = await Flow().ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U1", null, "looks fine"), CancellationToken.None);

        Assert.That(reply.Applied, Is.True);
        Assert.That(reply.TeleportUser, Is.EqualTo("alice"));
        Assert.That(reply.Text, Is.EqualTo($"Your approval of request {_requestId} was recorded in Teleport as alice."));
        Assert.That(Teleport.Reviews.Single(), Is.EqualTo(new RecordedReview(_requestId, "alice", Teleport.HostUser, AccessRequestState.Approved, "looks fine")));
    }

    [Test]
    public async Task ReviewAsync_UnboundUser_NothingSubmittedAndTheTraitToSetIsNamed()
    {
        var reply = await Flow().ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U9", "carol@example.com", ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Outcome, Is.Null);
        Assert.That(reply.Text, Does.Contain("not bound to a Teleport user").And.Contain("'slack_uid'").And.Contain("U9"));
        Assert.That(Teleport.Submissions, Is.Zero);
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task ReviewAsync_EmailMatchAllowed_BindsTheUserNamedByTheAddress()
    {
        var options = new ToolReviewOptions("slack_uid") { Enabled = true, AllowEmailUsernameMatch = true };

        var reply = await Flow(options).ReviewAsync(new ToolClick(_requestId, AccessRequestState.Denied, "U9", "carol@example.com", ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.True);
        Assert.That(reply.Text, Is.EqualTo($"Your denial of request {_requestId} was recorded in Teleport as carol@example.com."));
    }

    [Test]
    public async Task ReviewAsync_TwoUsersCarryTheToolUserId_RefusedAsAmbiguous()
    {
        // Its own ID: the users stay in the fixture's simulator for the tests after this one.
        Teleport.AddUser("mallory", canReview: true, ("slack_uid", "U_SHARED")).AddUser("mallory-twin", canReview: true, ("slack_uid", "U_SHARED"));

        var reply = await Flow().ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U_SHARED", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Text, Does.Contain("more than one Teleport user"));
        Assert.That(Teleport.Submissions, Is.Zero);
        Assert.That(Teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task ReviewAsync_RequesterApprovesOwnRequest_TeleportsReasonShown()
    {
        var reply = await Flow().ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U2", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Outcome, Is.EqualTo(OnBehalfReviewOutcome.Refused));
        Assert.That(reply.Text, Is.EqualTo($"Teleport refused the approval by bob: user \"bob\" cannot review request {_requestId}"));
        Assert.That(Teleport.Audit, Is.Empty);
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Pending));
    }

    [Test]
    public async Task ReviewAsync_SameClickTwice_OneReviewAndTheSecondSaysAlreadyReviewed()
    {
        var twoApprovals = Teleport.AddRequest("bob", approvals: 2);
        var click = new ToolClick(twoApprovals, AccessRequestState.Approved, "U1", null, "");

        var first = await Flow().ReviewAsync(click, CancellationToken.None);
        var again = await Flow().ReviewAsync(click, CancellationToken.None);

        Assert.That(first.Applied, Is.True);
        Assert.That(again.Applied, Is.False);
        Assert.That(again.Text, Is.EqualTo($"Nothing changed: alice has already reviewed request {twoApprovals}."));
        Assert.That(Teleport.Reviews, Has.Count.EqualTo(1));
        Assert.That(Teleport.StateOf(twoApprovals), Is.EqualTo(AccessRequestState.Pending));
    }

    [Test]
    public async Task ReviewAsync_RequestAlreadyResolved_NothingChangedAndSaidSo()
    {
        Teleport.Resolve(_requestId, AccessRequestState.Denied);

        var reply = await Flow().ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U1", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Text, Is.EqualTo($"Nothing changed: request {_requestId} is already resolved or expired."));
        Assert.That(Teleport.StateOf(_requestId), Is.EqualTo(AccessRequestState.Denied));
        Assert.That(Teleport.Reviews, Is.Empty);
    }

    [Test]
    public async Task ReviewAsync_HostWithoutTheService_NothingSubmittedAndTheUserIsSentToTheWebUi()
    {
        var flow = new ToolReviewFlow(NoOnBehalfReviews.Instance, new ToolReviewOptions("slack_uid") { Enabled = true }, "Slack", _logs);

        var reply = await flow.ReviewAsync(new ToolClick(_requestId, AccessRequestState.Approved, "U1", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Text, Does.Contain("Teleport Web UI"));
    }

    [Test]
    public void Validate_EnabledWithoutTrait_ErrorNamesTheKey()
    {
        var options = new ToolReviewOptions("slack_uid") { Enabled = true, UserIdTrait = " " };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.That(errors.Single().MemberNames, Is.EqualTo(new[] { nameof(ToolReviewOptions.UserIdTrait) }));
    }

    private ToolReviewFlow Flow(ToolReviewOptions? options = null) =>
        new(Teleport, options ?? new ToolReviewOptions("slack_uid") { Enabled = true }, "Slack", _logs);
}
