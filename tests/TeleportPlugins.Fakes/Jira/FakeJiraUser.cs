namespace TeleportPlugins.Fakes.Jira;

/// <summary>A Jira user of the fake.</summary>
/// <param name="AccountId">The Cloud account ID.</param>
/// <param name="Email">The e-mail address (empty when hidden by privacy settings).</param>
/// <param name="DisplayName">The display name.</param>
public sealed record FakeJiraUser(string AccountId, string Email, string DisplayName);
