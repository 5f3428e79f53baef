namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>An incident note; <see cref="Id"/> is only set in answers.</summary>
internal sealed record PagerDutyNote(string Content, string? Id = null);
