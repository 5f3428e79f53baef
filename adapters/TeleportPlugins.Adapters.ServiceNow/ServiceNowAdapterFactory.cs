using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>The ServiceNow adapter's entry point; its plugin data lives under "servicenow", as Teleport's ServiceNow plugin's does.</summary>
public sealed class ServiceNowAdapterFactory : AccessRequestAdapterFactory<ServiceNowOptions>
{
    /// <inheritdoc />
    public override string Name => "servicenow";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, ServiceNowOptions options) =>
        new ServiceNowAdapter(context, options, new ServiceNowApiClient(context.HttpClient, options));
}
