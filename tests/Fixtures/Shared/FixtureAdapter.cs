using Fixture.SharedLib;
using TeleportPlugins.Contracts;

namespace Fixture.Adapters;

/// <summary>
/// Writes one line per step to the configured file, naming the shared library version it sees. Compiled into both
/// fixture adapters, each against its own version of Fixture.SharedLib.
/// </summary>
public sealed class FixtureAdapter(string name, FixtureOptions options) : IAccessRequestAdapter
{
    private int _healthChecks;

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(options.FailHealth || Interlocked.Increment(ref _healthChecks) <= options.FailHealthTimes
            ? AdapterHealth.Unhealthy(options.Token.Length == 0 ? $"{name} is configured to fail its health check" : $"{name} is configured to fail its health check (token {options.Token} refused)")
            : AdapterHealth.Healthy(SharedLibrary.Describe()));

    public Task OnRequestCreatedAsync(RequestCreatedContext context, CancellationToken cancellationToken) => WriteAsync("created", context, cancellationToken);

    public Task OnReviewAddedAsync(ReviewAddedContext context, CancellationToken cancellationToken) => WriteAsync("reviewed", context, cancellationToken);

    public Task OnRequestResolvedAsync(RequestResolvedContext context, CancellationToken cancellationToken) => WriteAsync("resolved", context, cancellationToken);

    public Task OnRequestExpiredAsync(RequestExpiredContext context, CancellationToken cancellationToken) => WriteAsync("expired", context, cancellationToken);

    private async Task WriteAsync(string step, AccessRequestStepContext context, CancellationToken cancellationToken)
    {
        switch (options.Misbehave)
        {
            case "throw":
                throw new InvalidOperationException($"{name} fails every step");
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        await File.AppendAllTextAsync(options.Output, $"{step} {context.Request.Id} {SharedLibrary.Describe()}\n", cancellationToken);
    }
}
