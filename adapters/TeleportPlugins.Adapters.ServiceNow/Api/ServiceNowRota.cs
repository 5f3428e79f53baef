namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>A cmn_rota record read with <c>sysparm_fields=name</c>, to name the rota in an approval.</summary>
internal sealed record ServiceNowRota(string? Name);
