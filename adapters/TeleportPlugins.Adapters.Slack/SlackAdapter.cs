using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// The chat lifecycle (<see cref="ChatAdapter"/>) on Slack, plus approve-from-tool when <c>[slack.review]</c> is
/// enabled: the interactivity route in <c>http</c> mode, or the Socket Mode connection in <c>socket</c> mode, started
/// when the host maps routes (once the health check passed, so no click reaches a broken adapter).
/// </summary>
internal sealed class SlackAdapter(ChatAdapter chat, SlackInteractions? interactions, SlackSocketModeClient? socket, BackgroundWork work)
    : IAccessRequestAdapter, IAccessListReminderSender, IReminderSender, IInboundRouteProvider, IDisposable
{
    /// <summary>The interactivity route, below <c>/adapters/slack/</c>.</summary>
    public const string InteractivityPath = "interactivity";

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var health = await chat.CheckHealthAsync(cancellationToken);
        if (!health.IsHealthy || socket is null)
        {
            return health;
        }

        // Socket Mode has no other way to learn of a wrong app-level token than failing to connect, retried forever.
        return await socket.CheckTokenAsync(cancellationToken) is { } error
            ? AdapterHealth.Unhealthy($"{error}; Socket Mode cannot connect")
            : health;
    }

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => chat.OnRequestCreatedAsync(context, cancellationToken);

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => chat.OnReviewAddedAsync(context, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => chat.OnRequestResolvedAsync(context, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => chat.OnRequestExpiredAsync(context, cancellationToken);

    public Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken) => chat.SendAccessListReminderAsync(reminder, cancellationToken);

    /// <inheritdoc />
    public Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken) => chat.OnReminderAsync(context, cancellationToken);

    public void MapRoutes(IInboundRouteRegistry routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (socket is not null)
        {
            socket.Start();
        }
        else if (interactions is not null)
        {
            var limit = routes.MaxBodyBytes;
            routes.MapPost(InteractivityPath, (request, _) => Task.FromResult(interactions.HandleHttp(request, limit)));
        }
    }

    /// <summary>Completes when the work of the clicks received so far is done (for tests).</summary>
    internal Task IdleAsync() => work.IdleAsync();

    public void Dispose()
    {
        socket?.Dispose();
        work.Dispose();
        chat.Dispose();
    }
}
