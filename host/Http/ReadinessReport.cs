namespace TeleportPlugins.Host.Http;

/// <summary>Whether the host is ready, and the reasons when it is not.</summary>
/// <param name="IsReady">Ready to serve.</param>
/// <param name="Reasons">What is missing (e.g. "Teleport watch not initialised", "adapter slack: health check failed").</param>
internal sealed record ReadinessReport(bool IsReady, IReadOnlyList<string> Reasons);
