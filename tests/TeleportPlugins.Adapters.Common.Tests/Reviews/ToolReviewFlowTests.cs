using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests.Reviews;

public sealed class ToolReviewFlowTests
{
    private FakeTeleportReviews _teleport = null!;
    private RecordingLogger _logs = null!;

    [SetUp]
    public void NewCluster()
    {
        _teleport = new FakeTeleportReviews()
            .AddUser("alice", canReview: true, ("slack_uid", "U1"))
            .AddUser("bob", canReview: true, ("slack_uid", "U2"))
            .AddUser("carol@example.com", canReview: true)
            .AddRequest("req-1", requester: "bob");
        _logs = new RecordingLogger();
    }

    [Test]
    public async Task ReviewAsync_BoundUserApproves_SubmittedAsThatUserAndToldSo()
    {
        var reply = await Flow().ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U1", null, "looks fine"), CancellationToken.None);

        Assert.That(reply.Applied, Is.True);
        Assert.That(reply.TeleportUser, Is.EqualTo("alice"));
        Assert.That(reply.Text, Is.EqualTo("Your approval of request req-1 was recorded in Teleport as alice."));
        var review = _teleport.Audit.Single();
        Assert.That(review, Is.EqualTo(new OnBehalfReview("req-1", "alice", AccessRequestState.Approved, "looks fine", "Slack", "U1")));
    }

    [Test]
    public async Task ReviewAsync_UnboundUser_NothingSubmittedAndTheTraitToSetIsNamed()
    {
        var reply = await Flow().ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U9", "carol@example.com", ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Outcome, Is.Null);
        Assert.That(reply.Text, Does.Contain("not bound to a Teleport user").And.Contain("'slack_uid'").And.Contain("U9"));
        Assert.That(_teleport.Submissions, Is.Zero);
        Assert.That(_teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task ReviewAsync_EmailMatchAllowed_BindsTheUserNamedByTheAddress()
    {
        var options = new ToolReviewOptions("slack_uid") { Enabled = true, AllowEmailUsernameMatch = true };

        var reply = await Flow(options).ReviewAsync(new ToolClick("req-1", AccessRequestState.Denied, "U9", "carol@example.com", ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.True);
        Assert.That(reply.Text, Is.EqualTo("Your denial of request req-1 was recorded in Teleport as carol@example.com."));
    }

    [Test]
    public async Task ReviewAsync_TwoUsersCarryTheToolUserId_RefusedAsAmbiguous()
    {
        _teleport.AddUser("mallory", canReview: true, ("slack_uid", "U1"));

        var reply = await Flow().ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U1", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Text, Does.Contain("more than one Teleport user"));
        Assert.That(_teleport.Submissions, Is.Zero);
    }

    [Test]
    public async Task ReviewAsync_RequesterApprovesOwnRequest_TeleportsReasonShown()
    {
        var reply = await Flow().ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U2", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Outcome, Is.EqualTo(OnBehalfReviewOutcome.Refused));
        Assert.That(reply.Text, Is.EqualTo("Teleport refused the approval by bob: user \"bob\" cannot review their own request"));
        Assert.That(_teleport.Audit, Is.Empty);
    }

    [Test]
    public async Task ReviewAsync_SameClickTwice_OneReviewAndTheSecondSaysAlreadyReviewed()
    {
        _teleport.AddRequest("req-2", "bob", approvals: 2);
        var click = new ToolClick("req-2", AccessRequestState.Approved, "U1", null, "");

        var first = await Flow().ReviewAsync(click, CancellationToken.None);
        var again = await Flow().ReviewAsync(click, CancellationToken.None);

        Assert.That(first.Applied, Is.True);
        Assert.That(again.Applied, Is.False);
        Assert.That(again.Text, Is.EqualTo("Nothing changed: alice has already reviewed request req-2."));
        Assert.That(_teleport.Audit, Has.Count.EqualTo(1));
        Assert.That(_teleport.StateOf("req-2"), Is.EqualTo(AccessRequestState.Pending));
    }

    [Test]
    public async Task ReviewAsync_RequestAlreadyResolved_NothingChangedAndSaidSo()
    {
        _teleport.Resolve("req-1", AccessRequestState.Denied);

        var reply = await Flow().ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U1", null, ""), CancellationToken.None);

        Assert.That(reply.Applied, Is.False);
        Assert.That(reply.Text, Is.EqualTo("Nothing changed: request req-1 is already resolved or expired."));
        Assert.That(_teleport.StateOf("req-1"), Is.EqualTo(AccessRequestState.Denied));
    }

    [Test]
    public async Task ReviewAsync_HostWithoutTheService_NothingSubmittedAndTheUserIsSentToTheWebUi()
    {
        var flow = new ToolReviewFlow(NoOnBehalfReviews.Instance, new ToolReviewOptions("slack_uid") { Enabled = true }, "Slack", _logs);

        var reply = await flow.ReviewAsync(new ToolClick("req-1", AccessRequestState.Approved, "U1", null, ""), CancellationToken.None);

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
        new(_teleport, options ?? new ToolReviewOptions("slack_uid") { Enabled = true }, "Slack", _logs);
}
