using System.Text.Json;

namespace TeleportPlugins.Adapters.GitLab.Api;

/// <summary>GitLab's error envelope: <c>message</c> (a string or an object) or <c>error</c>.</summary>
internal sealed record GitLabError(JsonElement? Message, string? Error);
