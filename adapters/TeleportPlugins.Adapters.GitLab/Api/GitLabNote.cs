namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>A note.</summary>
internal sealed record GitLabNote(long Id, string? Body, DateTimeOffset? CreatedAt);
