using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>The PagerDuty adapter's entry point. Its name is the anchor's plugin name, so existing plugin data is reused.</summary>
public sealed class PagerDutyAdapterFactory : AccessRequestAdapterFactory<PagerDutyOptions>
{
    /// <inheritdoc />
    public override string Name => "pagerduty";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, PagerDutyOptions options) =>
        new PagerDutyAdapter(context, options, new PagerDutyApiClient(context.HttpClient, options));
}
