using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// The chat lifecycle (<see cref="ChatAdapter"/>) on Teams, plus the recipient check of
/// <c>teleport-plugins adapters check teams --recipient &lt;who&gt;</c>, which sends a test card as the anchor's
/// <c>teleport-msteams validate</c> does, plus the bot's messaging endpoint for Approve and Deny when
/// <c>[teams.review]</c> is enabled (no route otherwise).
/// </summary>
internal sealed class TeamsAdapter(ChatAdapter chat, TeamsPlatform platform, Func<int, TeamsReviewEndpoint>? review, IDisposable? reviewResources)
    : IAccessRequestAdapter, IAccessListReminderSender, IReminderSender, IRecipientCheck, IInboundRouteProvider, IDisposable
{
    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => chat.CheckHealthAsync(cancellationToken);

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => chat.OnRequestCreatedAsync(context, cancellationToken);

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => chat.OnReviewAddedAsync(context, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => chat.OnRequestResolvedAsync(context, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => chat.OnRequestExpiredAsync(context, cancellationToken);

    public Task SendAccessListReminderAsync(AccessListReminder reminder, CancellationToken cancellationToken) => chat.SendAccessListReminderAsync(reminder, cancellationToken);

    /// <inheritdoc />
    public Task OnReminderAsync(RequestReminderContext context, CancellationToken cancellationToken) => chat.OnReminderAsync(context, cancellationToken);

    public Task<string> CheckRecipientAsync(string recipient, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        return platform.CheckRecipientAsync(recipient.Trim(), cancellationToken);
    }

    public void MapRoutes(IInboundRouteRegistry routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (review is not null)
        {
            routes.MapPost(TeamsReviewEndpoint.Route, review(routes.MaxBodyBytes).HandleAsync);
        }
    }

    public void Dispose()
    {
        chat.Dispose();
        reviewResources?.Dispose();
    }
}
