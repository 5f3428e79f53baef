using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Reviews;

namespace TeleportPlugins.Simulator.Testing;

/// <summary>
/// Teleport's side of approve-from-tool for adapter tests: the host's real <see cref="TeleportOnBehalfReviewService"/>
/// talking gRPC to the simulator, so Teleport's rules decide (bound user's roles, no self-review, one review per author,
/// thresholds, resolved requests). <see cref="Audit"/> and <see cref="Reviews"/> read what the simulator recorded for
/// the requests created here, so a refused or replayed callback can be shown to change nothing in Teleport.
/// </summary>
public sealed class SimulatedTeleportReviews : IOnBehalfReviewService
{
    /// <summary>A role the simulator does not let review: a user who may only request.</summary>
    private const string RequesterRole = "requester";

    private readonly SimulatorTeleportPeer _peer;
    private readonly TeleportOnBehalfReviewService _service;
    private readonly ConcurrentDictionary<string, byte> _requests = new(StringComparer.Ordinal);
    private int _lookups;
    private int _submissions;

    internal SimulatedTeleportReviews(SimulatorTeleportPeer peer)
    {
        _peer = peer;
        _service = new TeleportOnBehalfReviewService(
            peer.Connection.OnBehalf, () => peer.Connection.Identity.Username, TimeProvider.System, NullLogger<TeleportOnBehalfReviewService>.Instance);
    }

    /// <inheritdoc />
    public bool IsAvailable => _service.IsAvailable;

    /// <summary>The host's Teleport user: what Teleport records as <c>submitted_by</c> of a review from a tool.</summary>
    public string HostUser => _peer.PluginUser;

    /// <summary>How many times the adapter asked who a tool user is.</summary>
    public int Lookups => _lookups;

    /// <summary>How many reviews the adapter submitted (whatever Teleport answered).</summary>
    public int Submissions => _submissions;

    /// <summary>
    /// The simulator's audit events on the requests created here since their creation (reviews, state changes), in
    /// order: empty while Teleport changed nothing.
    /// </summary>
    public IReadOnlyList<AuditEntry> Audit =>
        [.. _peer.Server.GetAuditEntries().Where(e => _requests.ContainsKey(e.RequestId) && e.Event != "access_request.create")];

    /// <summary>Every review Teleport recorded on the requests created here, in order.</summary>
    public IReadOnlyList<RecordedReview> Reviews =>
        [.. Audit.Where(e => e.Event == "access_request.review").Select(e => new RecordedReview(
            e.RequestId,
            e.Reviewer,
            e.SubmittedBy,
            _peer.Server.GetRequest(e.RequestId)!.Reviews.Single(r => r.Author == e.Reviewer).ProposedState,
            e.Reason))];

    /// <summary>Creates or replaces a Teleport user.</summary>
    /// <param name="name">The username.</param>
    /// <param name="canReview">Whether its roles allow reviewing requests.</param>
    /// <param name="traits">Its traits, e.g. <c>("slack_uid", "U123")</c>.</param>
    /// <returns>This service.</returns>
    public SimulatedTeleportReviews AddUser(string name, bool canReview = true, params (string Trait, string Value)[] traits)
    {
        _peer.Server.AddUser(new SimulatedUser(
            name,
            [canReview ? SimulatorRoles.Reviewer : RequesterRole],
            traits.GroupBy(t => t.Trait, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => t.Value)], StringComparer.Ordinal)));
        return this;
    }

    /// <summary>Creates a pending request, as its requester would.</summary>
    /// <param name="requester">The requesting user.</param>
    /// <param name="approvals">How many approvals approve it; one denial denies it, as by Teleport's default threshold.</param>
    /// <returns>Its ID, chosen by Teleport.</returns>
    public string AddRequest(string requester, int approvals = 1)
    {
        var id = _peer.Server.CreateRequest(new NewAccessRequest
        {
            User = requester,
            Roles = ["editor"],
            Reason = "Deploy hotfix",
            Thresholds = [new ReviewThresholdSpec { Approve = (uint)approvals, Deny = 1 }],
        }).Id;
        _requests[id] = 0;
        return id;
    }

    /// <summary>
    /// What every tool's review suite starts from: a requester and a reviewer, both allowed to review and bound to
    /// their tool user IDs by <paramref name="trait"/>, and a pending request by the requester.
    /// </summary>
    /// <param name="trait">The trait holding the tool's user ID, e.g. <c>slack_uid</c>.</param>
    /// <param name="requester">The requesting user and its tool user ID.</param>
    /// <param name="reviewer">The reviewer and its tool user ID.</param>
    /// <param name="approvals">How many approvals approve it.</param>
    /// <returns>The request's ID.</returns>
    public string AddPendingRequest(string trait, (string Name, string ToolUserId) requester, (string Name, string ToolUserId) reviewer, int approvals = 1)
    {
        AddUser(requester.Name, true, (trait, requester.ToolUserId));
        AddUser(reviewer.Name, true, (trait, reviewer.ToolUserId));
        return AddRequest(requester.Name, approvals);
    }

    /// <summary>The request's state now.</summary>
    /// <param name="id">The request ID.</param>
    /// <returns>The state.</returns>
    public AccessRequestState StateOf(string id) => _peer.Server.GetRequest(id)!.State;

    /// <summary>Resolves a request as an administrator in the Web UI would.</summary>
    /// <param name="id">The request ID.</param>
    /// <param name="state">The final state.</param>
    public void Resolve(string id, AccessRequestState state) => _peer.Server.SetState(id, state, "resolved in the Web UI");

    /// <inheritdoc />
    public Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return _service.FindReviewerAsync(binding, cancellationToken);
    }

    /// <inheritdoc />
    public Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _submissions);
        return _service.SubmitAsync(review, cancellationToken);
    }
}
