namespace TeleportPlugins.Host.Http;

/// <summary>Whether the host is ready (or, for <c>/healthz</c>, alive), the reasons when it is not, and each adapter's state.</summary>
/// <param name="IsReady">Ready to serve (alive, for <c>/healthz</c>).</param>
/// <param name="Reasons">What is missing (e.g. "Teleport watch not initialised", "1 of 2 enabled adapters are not serving").</param>
/// <param name="Adapters">One line per enabled adapter saying its state (serving, starting, retrying with the last error).</param>
internal sealed record ReadinessReport(bool IsReady, IReadOnlyList<string> Reasons, IReadOnlyList<string>? Adapters = null)
{
    /// <summary>What an operator should know that does not make the host unready (e.g. steps given up for good lately).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The response body: <c>ready</c> (or <c>ok</c>) or the reasons, then the adapters' lines, then the notes.</summary>
    /// <param name="okText">The first line when ready.</param>
    /// <returns>The text.</returns>
    public string Body(string okText) =>
        string.Join("\n", (IsReady ? [okText] : Reasons).Concat(Adapters ?? []).Concat(Notes));
}
