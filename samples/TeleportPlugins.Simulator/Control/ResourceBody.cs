namespace TeleportPlugins.Simulator.Control;

/// <summary>POST /resources: a node, Kubernetes cluster, app, database or Windows desktop with labels (e.g. <c>{"kind": "node", "name": "db-1", "labels": {"env": "prod"}}</c>).</summary>
internal sealed record ResourceBody
{
    public string Kind { get; init; } = "";

    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string>? CommandLabels { get; init; }
}
