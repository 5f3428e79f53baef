using TeleportPlugins.Contracts;

namespace TeleportPlugins.Samples.JsonLines;

/// <summary>The sample adapter's entry point, found by the host in this assembly.</summary>
public sealed class JsonLinesAdapterFactory : AccessRequestAdapterFactory<JsonLinesOptions>
{
    /// <inheritdoc />
    public override string Name => "jsonl";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, JsonLinesOptions options) =>
        new JsonLinesAdapter(options, context);
}
