using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Teleport;

/// <summary>
/// The calls approve-from-tool and routing make besides <see cref="ITeleportClient"/>'s: the users (to bind a tool's user
/// by trait, and to read a requester's traits) and a review submitted for another author. Kept apart so the engine's client and its test doubles stay as they are.
/// Failures surface as <see cref="Grpc.Core.RpcException"/> with Teleport's status codes, like <see cref="ITeleportClient"/>'s.
/// </summary>
internal interface ITeleportOnBehalfClient
{
    /// <summary>Every user the identity may list (teleport.users.v1.UsersService/ListUsers, paged), without secrets.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users' names and traits.</returns>
    Task<IReadOnlyList<TeleportUser>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One user by name (teleport.users.v1.UsersService/GetUser), without secrets: what Teleport's access plugins read a
    /// requester's traits with. NotFound when there is no such user, PermissionDenied without read on user.
    /// </summary>
    /// <param name="name">The username.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's name and traits.</returns>
    Task<TeleportUser> GetUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The labels of the resources of one kind named <paramref name="names"/>, as Teleport's access plugins read them
    /// (api/accessrequest.GetResourcesByResourceIDs: proto.AuthService/ListResources of the kind's list type, matching the
    /// names, with UsePreviewAsRoles, every page). A name that is not found, or that the role may not see, is simply
    /// not in the answer. <c>node</c>, <c>kube_cluster</c>, <c>app</c>, <c>db</c> and <c>windows_desktop</c> are read (an app's,
    /// database's or cluster's labels, not its server's); other kinds answer nothing.
    /// PermissionDenied without list on the kind (Teleport's preset access-plugin role has it through preview_as_roles).
    /// </summary>
    /// <param name="kind">The resource kind as a request names it (node, kube_cluster, app, db, windows_desktop).</param>
    /// <param name="names">The resources' names.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each found resource's name and labels.</returns>
    Task<IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)>> ListResourceLabelsAsync(
        string kind, IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>One request (ListAccessRequests filtered by ID; GetAccessRequestsV2 on Unimplemented), or null when it does not exist.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or null.</returns>
    Task<AccessRequestSnapshot?> GetAccessRequestAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Submits a review as <paramref name="author"/>, flagged submitted_on_behalf_of_author with <paramref name="submittedBy"/>
    /// (the caller's own user), so Teleport checks review_requests.submit_for_users on the caller and then the author's rights.
    /// </summary>
    /// <param name="requestId">The request.</param>
    /// <param name="author">The Teleport user the review is recorded for.</param>
    /// <param name="submittedBy">This identity's user.</param>
    /// <param name="proposedState">Approved or denied.</param>
    /// <param name="reason">The review's reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request after the review.</returns>
    Task<AccessRequestSnapshot> SubmitReviewOnBehalfAsync(
        string requestId, string author, string submittedBy, AccessRequestState proposedState, string reason, CancellationToken cancellationToken);
}
