namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>The attributes of a <c>team</c> resource: its handle (as in <c>@handle</c>) and display name.</summary>
internal sealed record DatadogTeamAttributes(string? Handle, string? Name);
