namespace TeleportPlugins.Host.Http;

/// <summary>Whether the host is ready, and the reasons when it is not.</summary>
/// <param name="IsReady">Ready to serve.</param>
/// <param name="Reasons">What is missing (e.g. "Teleport watch not initialised", "adapter slack: health check failed").</param>
internal sealed record ReadinessReport(bool IsReady, IReadOnlyList<string> Reasons)
{
    /// <summary>What an operator should know that does not make the host unready (e.g. steps given up for good lately).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
