namespace TeleportPlugins.Host.Http;

/// <summary>Answers <c>GET /readyz</c>: whether the host serves requests, and if not, why.</summary>
internal interface IReadinessSource
{
    /// <summary>The current readiness.</summary>
    /// <returns>Ready, or the reasons it is not.</returns>
    ReadinessReport Check();
}
