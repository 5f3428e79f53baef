namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>Opsgenie's <c>{"data": ..., "took", "requestId"}</c> envelope.</summary>
/// <typeparam name="T">The data.</typeparam>
internal sealed record OpsgenieData<T>(T? Data);
