namespace TeleportPlugins.Host.Engine;

/// <summary>What a readiness endpoint (<c>/readyz</c>) asks: may this replica be sent traffic.</summary>
internal interface IReadinessProbe
{
    /// <summary>Whether the watch saw its first INIT and every enabled adapter is healthy.</summary>
    bool IsReady { get; }

    /// <summary>Why the host is not ready; empty when it is.</summary>
    /// <returns>One line per reason.</returns>
    IReadOnlyList<string> Reasons();
}
