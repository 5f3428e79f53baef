using System.Text.Json;
using System.Text.RegularExpressions;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Adapters.Jira.Api;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>
/// Approve or deny from Jira: a verified <c>jira:issue_updated</c> webhook whose issue the API confirms in status
/// Approved or Denied sets the request's state on behalf of the Jira user who moved it there.
/// </summary>
/// <remarks>
/// The webhook is only a hint: everything acted on (status, project, request ID property, who changed the status,
/// their reason) is read back from Jira's API with the adapter's own credentials.
/// </remarks>
internal sealed partial class JiraWebhookHandler(AdapterContext host, JiraOptions options, JiraApiClient api)
{
    private const int CommentPageSize = 50;
    private const int MaxCommentPages = 10;

    public async Task<InboundResponse> HandleAsync(InboundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsAuthentic(request))
        {
            JiraLog.WebhookRejected(host.Logger, options.WebhookSecret.Length > 0 ? "missing or wrong X-Hub-Signature" : "missing or wrong basic auth");
            return InboundResponse.Unauthorized;
        }

        JiraWebhookEvent? payload;
        try
        {
            payload = JsonSerializer.Deserialize(request.Body.Span, JiraJsonContext.Default.JiraWebhookEvent);
        }
        catch (JsonException)
        {
            return InboundResponse.BadRequest;
        }

        if (payload is null)
        {
            return InboundResponse.BadRequest;
        }

        if (!string.Equals(payload.WebhookEvent, "jira:issue_updated", StringComparison.Ordinal))
        {
            JiraLog.WebhookIgnoredEvent(host.Logger, payload.WebhookEvent);
            return InboundResponse.Ok;
        }

        if (payload.Issue?.Id is not { Length: > 0 } issueId || payload.Issue.Fields?.Status?.Name is not { Length: > 0 } claimed)
        {
            return InboundResponse.BadRequest;
        }

        var decision = claimed.ToUpperInvariant() switch
        {
            "APPROVED" => AccessRequestState.Approved,
            "DENIED" => AccessRequestState.Denied,
            _ => AccessRequestState.None,
        };
        if (decision == AccessRequestState.None)
        {
            JiraLog.WebhookIgnoredStatus(host.Logger, issueId, claimed);
            return InboundResponse.Ok;
        }

        try
        {
            return await ApplyAsync(issueId, claimed, decision, cancellationToken);
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            // Jira retries failed deliveries; nothing was changed in Teleport.
            JiraLog.WebhookFailed(host.Logger, issueId, e.Message);
            return new InboundResponse(503, "try again later");
        }
    }

    private bool IsAuthentic(InboundRequest request)
    {
        if (options.WebhookSecret.Length > 0)
        {
            return SecretComparison.IsValidSha256Signature(options.WebhookSecret, request.Body.Span, Header(request, "X-Hub-Signature"));
        }

        return BasicCredentials.Matches(Header(request, "Authorization"), options.WebhookUser, options.WebhookPassword);
    }

    private async Task<InboundResponse> ApplyAsync(string issueId, string claimed, AccessRequestState decision, CancellationToken cancellationToken)
    {
        // Jira may deliver the webhook before its API shows the change, and a forged webhook never agrees.
        var issue = await Recheck.UntilAsync(
            token => api.GetIssueAsync(issueId, token),
            i => string.Equals(i.Fields?.Status?.Name, claimed, StringComparison.OrdinalIgnoreCase),
            options.WebhookConfirmAttempts,
            options.WebhookConfirmInterval,
            host.TimeProvider,
            cancellationToken);
        if (issue is null)
        {
            JiraLog.WebhookNotConfirmed(host.Logger, issueId, claimed, options.WebhookConfirmAttempts);
            return new InboundResponse(200, "not confirmed");
        }

        // Issues of every project the adapter may file in, as Access Monitoring Rules route them; the recorded issue ID below ties it to its request.
        if (issue.Fields?.Project?.Key is not { Length: > 0 } project || !options.Admits(project))
        {
            JiraLog.WebhookIgnoredProject(host.Logger, issueId, issue.Fields?.Project?.Key ?? "?");
            return InboundResponse.Ok;
        }

        if (issue.Properties?.GetValueOrDefault(JiraApiClient.RequestIdProperty) is not { ValueKind: JsonValueKind.String } property
            || property.GetString() is not { Length: > 0 } requestId)
        {
            JiraLog.WebhookIgnoredNoRequest(host.Logger, issueId);
            return InboundResponse.Ok;
        }

        // Only a ticket the host recorded for that request may resolve it: a look-alike issue (same property, made by
        // hand or by another installation) is not ours.
        var recorded = await host.States.ReadAsync(requestId, cancellationToken);
        if (recorded?.GetValueOrDefault(JiraAdapter.IssueIdKey) != issueId)
        {
            JiraLog.WebhookIgnoredUnrecorded(host.Logger, issueId, requestId);
            return InboundResponse.Ok;
        }

        if (LastStatusChange(issue, claimed)?.Author is not { } approver || approver.Identity is not { Length: > 0 } identity)
        {
            JiraLog.WebhookIgnoredNoApprover(host.Logger, issueId, claimed);
            return InboundResponse.Ok;
        }

        var reason = await FindReasonAsync(issueId, identity, cancellationToken) ?? string.Empty;
        var user = string.IsNullOrEmpty(approver.EmailAddress) ? identity : approver.EmailAddress;
        var outcome = await host.Reviews.SetRequestStateAsync(requestId, decision, reason, user, cancellationToken);
        JiraLog.WebhookApplied(host.Logger, user, requestId, decision, issueId, outcome);
        return InboundResponse.Ok;
    }

    // The newest history entry that moved the issue into the claimed status; its author is the approver.
    private static JiraHistory? LastStatusChange(JiraIssue issue, string status) =>
        (issue.Changelog?.Histories ?? [])
            .Select((history, index) => (history, index))
            .Where(h => h.history.Items?.Any(item => item.Field == "status" && item.FieldType == "jira"
                && string.Equals(item.ToText, status, StringComparison.OrdinalIgnoreCase)) == true)
            .OrderBy(h => JiraTime.Parse(h.history.Created))
            .ThenBy(h => h.index)
            .Select(h => h.history)
            .LastOrDefault();

    // The newest "reason: ..." comment of the approver, newest first as Teleport's plugin reads them.
    private async Task<string?> FindReasonAsync(string issueId, string approver, CancellationToken cancellationToken)
    {
        for (var page = 0; page < MaxCommentPages; page++)
        {
            var comments = await api.GetCommentsAsync(issueId, page * CommentPageSize, CommentPageSize, cancellationToken);
            foreach (var comment in comments.Comments ?? [])
            {
                if (comment.Author?.Identity == approver && ReasonIn(comment.Body) is { } reason)
                {
                    return TicketText.Reason(reason);
                }
            }

            if (comments.Comments is null || comments.Comments.Count < CommentPageSize)
            {
                break;
            }
        }

        return null;
    }

    private static string? ReasonIn(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var lines = body.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ReasonLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var reason = match.Groups["reason"].Value.Trim();
            if (reason.Length == 0)
            {
                reason = string.Join('\n', lines[(i + 1)..]).Trim();
            }

            if (reason.Length > 0)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? Header(InboundRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    [GeneratedRegex(@"^\s*(resolution|reason)\s*:\s*(?<reason>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReasonLine();
}
