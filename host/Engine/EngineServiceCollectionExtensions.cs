using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Engine;

/// <summary>Registers the engine. It expects an <see cref="ITeleportClient"/> and its <see cref="TeleportConnection"/> in the container.</summary>
internal static class EngineServiceCollectionExtensions
{
    /// <summary>Adds the engine, the readiness probe, the metrics, the per-adapter review services and approve-from-tool's service.</summary>
    /// <param name="services">The container.</param>
    /// <param name="options">The bound <c>[watch]</c> and <c>[dispatch]</c> sections.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddEngine(this IServiceCollection services, EngineOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(provider => new GivenUpSteps(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<HostReadiness>();
        services.AddSingleton<IReadinessSource>(provider => provider.GetRequiredService<HostReadiness>());
        services.AddSingleton<HostMetrics>();
        services.AddSingleton<IMetricsSource>(provider => provider.GetRequiredService<HostMetrics>());
        services.AddSingleton<Func<string, IAccessReviewService>>(provider => adapterName =>
        {
            var client = provider.GetService<ITeleportClient>();
            if (client is null)
            {
                return new NotConnectedReviewService();
            }

            // The author Teleport records for our reviews: recognising "already reviewed" needs it.
            var reviewer = provider.GetService<TeleportConnection>()?.Identity.Username;
            return new TeleportReviewService(client, adapterName, reviewer, provider.GetRequiredService<ILoggerFactory>().CreateLogger<TeleportReviewService>());
        });

        services.AddSingleton<Func<string, IOnBehalfReviewService>>(provider =>
        {
            // One service for every adapter: the look-up cache is per trait and tool user, and the connection is shared.
            // Created on first use, as the review services are, so the connection opens when the adapters start.
            var shared = new Lazy<IOnBehalfReviewService>(() =>
            {
                var connection = provider.GetService<TeleportConnection>();
                return connection is null
                    ? NoOnBehalfReviews.Instance
                    : new TeleportOnBehalfReviewService(
                        connection.OnBehalf,
                        () => connection.Identity.Username,
                        provider.GetService<TimeProvider>() ?? TimeProvider.System,
                        provider.GetRequiredService<ILoggerFactory>().CreateLogger<TeleportOnBehalfReviewService>());
            });
            return _ => shared.Value;
        });

        // After AdapterHostService: hosted services start in registration order and stop in reverse.
        services.AddHostedService<EngineHostedService>();
        return services;
    }
}
