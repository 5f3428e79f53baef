using System.Net.Http.Headers;
using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Mattermost;

/// <summary>The Mattermost adapter's entry point. Its plugin-data name, <c>mattermost</c>, is that of Teleport's plugin.</summary>
public sealed class MattermostAdapterFactory : AccessRequestAdapterFactory<MattermostOptions>
{
    /// <inheritdoc />
    public override string Name => "mattermost";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, MattermostOptions options)
    {
        var clock = new MattermostServerClock(new AuthenticationHeaderValue("Bearer", options.Token), context.TimeProvider);
        var mattermost = RefitApi.Create<IMattermostApi>(context.HttpClient, options.Url!, MattermostJsonContext.Default, clock);
        return new ChatAdapter(new MattermostPlatform(mattermost, clock, context.TimeProvider), options.ToSettings(context), context.Logger);
    }
}
