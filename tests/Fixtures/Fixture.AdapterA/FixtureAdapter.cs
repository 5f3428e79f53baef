using Fixture.SharedLib;
using TeleportPlugins.Contracts;

namespace Fixture.AdapterA;

/// <summary>Writes one line per step to the configured file, naming the shared library version it sees.</summary>
public sealed class FixtureAdapter(FixtureOptions options) : IAccessRequestAdapter
{
    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(options.FailHealth
            ? AdapterHealth.Unhealthy("fixture-a is configured to fail its health check")
            : AdapterHealth.Healthy(SharedLibrary.Describe()));

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => WriteAsync("created", context, cancellationToken);

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => WriteAsync("reviewed", context, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => WriteAsync("resolved", context, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => WriteAsync("expired", context, cancellationToken);

    private Task WriteAsync(string step, AccessRequestStepContext context, CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(options.Output, $"{step} {context.Request.Id} {SharedLibrary.Describe()}\n", cancellationToken);
}
