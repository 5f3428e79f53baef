using System.Collections.Concurrent;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Records, per request and step, the recipients the host routed it to ("-" when none: role_to_recipients applies).</summary>
internal sealed class RoutedRecipientsAdapter : IAccessRequestAdapter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _steps = new(StringComparer.Ordinal);

    /// <summary>The recorded steps of a request: <c>created:#a,#b</c>, <c>resolved:-</c>, ...</summary>
    public IReadOnlyList<string> StepsOf(string requestId) => _steps.TryGetValue(requestId, out var steps) ? [.. steps] : [];

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(AdapterHealth.Healthy("ok"));

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => Record(context, "created");

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => Record(context, "review");

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => Record(context, "resolved");

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => Record(context, "expired");

    private Task Record(AccessRequestStepContext context, string step)
    {
        var routed = context.RoutedRecipients is { } recipients ? string.Join(',', recipients) : "-";
        _steps.GetOrAdd(context.Request.Id, _ => new ConcurrentQueue<string>()).Enqueue($"{step}:{routed}");
        return Task.CompletedTask;
    }
}
