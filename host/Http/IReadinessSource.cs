namespace TeleportPlugins.Host.Http;

/// <summary>Answers <c>GET /readyz</c> and <c>GET /healthz</c>: whether the host serves requests, whether it is alive, and if not, why.</summary>
internal interface IReadinessSource
{
    /// <summary>The current readiness.</summary>
    /// <returns>Ready, or the reasons it is not.</returns>
    ReadinessReport Check();

    /// <summary>Whether the host is alive: not when start-up is over and no enabled adapter serves.</summary>
    /// <returns>Alive, or the reason it is not.</returns>
    ReadinessReport CheckLiveness();
}
