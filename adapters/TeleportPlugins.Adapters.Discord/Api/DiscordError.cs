namespace TeleportPlugins.Adapters.Discord;

/// <summary>Discord's error body; on 429 it carries <c>retry_after</c> in (fractional) seconds.</summary>
internal sealed record DiscordError(int Code, string? Message, double? RetryAfter, bool Global);
