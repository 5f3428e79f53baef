namespace TeleportPlugins.Adapters.PagerDuty.Api;

/// <summary>The answer of <c>GET /users/{id}</c>.</summary>
internal sealed record PagerDutyUserResponse(PagerDutyUser? User);
