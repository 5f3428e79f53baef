namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>The <c>object_attributes</c> of an Issue Hook.</summary>
internal sealed record GitLabHookAttributes(long Id, long Iid, long ProjectId, string? Action);
