using System.Text.Json;

namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>An issue as GET issue or a webhook shows it; every part may be missing in a hostile or partial payload.</summary>
internal sealed record JiraIssue(
    string? Id,
    string? Key,
    JiraIssueFields? Fields,
    JiraChangelog? Changelog,
    IReadOnlyList<JiraTransition>? Transitions,
    IReadOnlyDictionary<string, JsonElement>? Properties);
