namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>A GitLab user (the e-mail is often redacted in hooks, so the username identifies).</summary>
internal sealed record GitLabUser(long Id, string? Username, string? Name);
