using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Datadog;

/// <summary>The Datadog Incident Management adapter's entry point, named as Teleport's plugin.</summary>
public sealed class DatadogAdapterFactory : AccessRequestAdapterFactory<DatadogOptions>
{
    /// <inheritdoc />
    public override string Name => "datadog";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, DatadogOptions options) =>
        new DatadogAdapter(context, options, new DatadogApiClient(context.HttpClient, options, context.TimeProvider));
}
