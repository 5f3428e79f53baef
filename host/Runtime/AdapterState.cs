namespace TeleportPlugins.Host.Runtime;

/// <summary>Where an enabled adapter is in its life, as <c>/readyz</c> and <c>/healthz</c> report it.</summary>
internal enum AdapterState
{
    /// <summary>Being created and health-checked for the first time.</summary>
    Starting = 0,

    /// <summary>Passed its health check: it receives requests and its webhook routes are mapped.</summary>
    Serving = 1,

    /// <summary>Failed to be created or to pass its health check; tried again in the background with backoff.</summary>
    Retrying = 2,
}
