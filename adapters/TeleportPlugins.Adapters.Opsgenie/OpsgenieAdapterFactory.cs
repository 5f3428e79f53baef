using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>The Opsgenie adapter's entry point. Its name is the anchor's plugin name, so existing plugin data is reused.</summary>
public sealed class OpsgenieAdapterFactory : AccessRequestAdapterFactory<OpsgenieOptions>
{
    /// <inheritdoc />
    public override string Name => "opsgenie";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, OpsgenieOptions options) =>
        new OpsgenieAdapter(context, options, new OpsgenieApiClient(context.HttpClient, options));
}
