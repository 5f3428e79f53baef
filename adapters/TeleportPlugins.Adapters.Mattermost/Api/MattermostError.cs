namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>Mattermost's <c>AppError</c> body; its <c>id</c> names the error without revealing anything secret.</summary>
internal sealed record MattermostError(string? Id, string? Message, int StatusCode);
