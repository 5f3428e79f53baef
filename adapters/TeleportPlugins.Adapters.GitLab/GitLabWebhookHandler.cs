using System.Globalization;
using System.Text.Json;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.GitLab.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>
/// Approve or deny from GitLab: an Issue Hook, authenticated by <c>X-Gitlab-Token</c>, in which a user added the
/// Approved or Denied label. The hook is only a hint: the label, who added it, the issue's author and the request ID
/// are read back from GitLab's API before the request's state is set on that user's behalf. Every project issues are
/// routed to sends its hook here with the same secret token; the hook's project and IID must be the ones recorded for the request.
/// </summary>
internal sealed class GitLabWebhookHandler(AdapterContext host, GitLabOptions options, GitLabApiClient api)
{
    public async Task<InboundResponse> HandleAsync(InboundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!SecretComparison.AreEqual(options.WebhookSecret, Header(request, "X-Gitlab-Token")))
        {
            GitLabLog.WebhookRejected(host.Logger);
            return InboundResponse.Unauthorized;
        }

        var @event = Header(request, "X-Gitlab-Event");
        if (!string.Equals(@event, "Issue Hook", StringComparison.Ordinal))
        {
            GitLabLog.WebhookIgnored(host.Logger, @event);
            return InboundResponse.Ok;
        }

        GitLabIssueHook? hook;
        try
        {
            hook = JsonSerializer.Deserialize(request.Body.Span, GitLabJsonContext.Default.GitLabIssueHook);
        }
        catch (JsonException)
        {
            return InboundResponse.BadRequest;
        }

        if (hook?.ObjectAttributes is not { Iid: > 0 } attributes || hook.User?.Username is not { Length: > 0 } username)
        {
            return InboundResponse.BadRequest;
        }

        var previous = (hook.Changes?.Labels?.Previous ?? []).Select(l => l.Title).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var added = (hook.Changes?.Labels?.Current ?? []).Select(l => l.Title).Where(t => !previous.Contains(t)).ToList();
        var label = added.FirstOrDefault(t => GitLabLabels.Decision(t) != AccessRequestState.None);
        if (label is null)
        {
            GitLabLog.WebhookIgnored(host.Logger, @event);
            return InboundResponse.Ok;
        }

        // The issue's project as the hook names it; the recorded project ID must match it before anything is decided.
        var projectId = attributes.ProjectId > 0 ? attributes.ProjectId : hook.Project?.Id ?? 0;
        var project = projectId > 0 ? projectId.ToString(CultureInfo.InvariantCulture) : options.ProjectId;
        try
        {
            return await ApplyAsync(project, attributes.Iid, label, username, cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            GitLabLog.WebhookFailed(host.Logger, attributes.Iid, e.Message);
            return new InboundResponse(503, "try again later");
        }
    }

    private async Task<InboundResponse> ApplyAsync(string project, long iid, string label, string username, CancellationToken cancellationToken)
    {
        var issue = await Recheck.UntilAsync(
            token => api.GetIssueAsync(project, iid, token),
            i => i.Labels?.Contains(label, StringComparer.OrdinalIgnoreCase) == true,
            options.WebhookConfirmAttempts,
            options.WebhookConfirmInterval,
            host.TimeProvider,
            cancellationToken);
        var bot = await api.GetCurrentUserAsync(cancellationToken);
        var adder = issue is null ? null : LastAdder(await api.GetLabelEventsAsync(project, iid, cancellationToken), label);
        if (issue is null || adder?.Username is null || adder.Id == bot.Id || !string.Equals(adder.Username, username, StringComparison.Ordinal))
        {
            GitLabLog.WebhookNotConfirmed(host.Logger, username, label, iid);
            return new InboundResponse(200, "not confirmed");
        }

        if (issue.Author?.Id != bot.Id || GitLabText.RequestIdIn(issue.Description) is not { } requestId)
        {
            GitLabLog.WebhookNotOurs(host.Logger, iid);
            return InboundResponse.Ok;
        }

        // Only the issue the host recorded for that request may resolve it, not a look-alike carrying the same ID, nor
        // the issue with the same IID in another project.
        var recorded = await host.States.ReadAsync(requestId, cancellationToken);
        if (recorded?.GetValueOrDefault(GitLabAdapter.IssueIidKey) != iid.ToString(CultureInfo.InvariantCulture)
            || recorded.GetValueOrDefault(GitLabAdapter.ProjectIdKey) != issue.ProjectId.ToString(CultureInfo.InvariantCulture))
        {
            GitLabLog.WebhookUnrecorded(host.Logger, iid, requestId);
            return InboundResponse.Ok;
        }

        var decision = GitLabLabels.Decision(label);
        var outcome = await host.Reviews.SetRequestStateAsync(
            requestId,
            decision,
            string.Create(CultureInfo.InvariantCulture, $"{decision} in GitLab issue #{iid} by {adder.Username}"),
            adder.Username,
            cancellationToken);
        GitLabLog.WebhookApplied(host.Logger, adder.Username, requestId, decision, iid, outcome);
        return InboundResponse.Ok;
    }

    // Events are returned oldest first; the newest "add" of the label says who decided.
    private static GitLabUser? LastAdder(IEnumerable<GitLabLabelEvent> events, string label) =>
        events.LastOrDefault(e => e.Action == "add" && string.Equals(e.Label?.Name, label, StringComparison.OrdinalIgnoreCase))?.User;

    private static string? Header(InboundRequest request, string name) =>
        request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
