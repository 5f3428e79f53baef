namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The error inside PagerDuty's <c>{"error":{"code","message","errors"}}</c> envelope.</summary>
internal sealed record PagerDutyError(int Code, string? Message, IReadOnlyList<string>? Errors);
