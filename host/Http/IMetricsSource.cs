namespace TeleportPlugins.Host.Http;

/// <summary>Adds the host's own families to <c>GET /metrics</c>, after the process and runtime ones.</summary>
internal interface IMetricsSource
{
    /// <summary>Writes the current values.</summary>
    /// <param name="writer">The exposition being written.</param>
    void Write(PrometheusTextWriter writer);
}
