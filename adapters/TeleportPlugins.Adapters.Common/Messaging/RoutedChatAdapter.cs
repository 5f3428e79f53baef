using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// A <see cref="ChatAdapter"/> that also serves inbound routes, for a chat tool whose approve-from-tool callbacks come in
/// over HTTP. The lifecycle steps are the chat adapter's own.
/// </summary>
public sealed class RoutedChatAdapter : IAccessRequestAdapter, IInboundRouteProvider, IAccessListReminderSender, IReminderSender, IDisposable
{
    private readonly ChatAdapter _chat;
    private readonly Action<IInboundRouteRegistry> _mapRoutes;

    /// <summary>Wraps the chat adapter.</summary>
    /// <param name="chat">The chat lifecycle.</param>
    /// <param name="mapRoutes">Registers the tool's routes.</param>
    public RoutedChatAdapter(ChatAdapter chat, Action<IInboundRouteRegistry> mapRoutes)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(mapRoutes);
        _chat = chat;
        _mapRoutes = mapRoutes;
    }

    /// <inheritdoc />
    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => _chat.CheckHealthAsync(cancellationToken);

    /// <inheritdoc />
    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => _chat.OnRequestCreatedAsync(context, cancellationToken);

    /// <inheritdoc />
    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => _chat.OnReviewAddedAsync(context, cancellationToken);

    /// <inheritdoc />
    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => _chat.OnRequestResolvedAsync(context, cancellationToken);

    /// <inheritdoc />
    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => _chat.OnRequestExpiredAsync(context, cancellationToken);

    /// <inheritdoc />
    public Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken) => _chat.SendAccessListReminderAsync(reminder, cancellationToken);

    /// <inheritdoc />
    public Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken) => _chat.OnReminderAsync(context, cancellationToken);

    /// <inheritdoc />
    public void MapRoutes(IInboundRouteRegistry routes) => _mapRoutes(routes);

    /// <inheritdoc />
    public void Dispose() => _chat.Dispose();
}
