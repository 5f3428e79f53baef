using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Reviews;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Host.Watching;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.Reviews;

/// <summary>Every adapter's <see cref="AdapterContext.OnBehalfReviews"/> is the host's service once Teleport is configured.</summary>
public sealed class OnBehalfWiringTests
{
    [Test]
    public async Task StartAsync_OnBehalfServiceGiven_EveryAdapterContextHasIt()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = harness.ConfigureFixtures("fixture-a", "fixture-b");
        var seen = new List<(string Adapter, IOnBehalfReviewService Service)>();
        var capturing = configured
            .Select(c => c with { Package = c.Package with { Factory = new CapturingFactory(c.Package.Factory!, seen) } })
            .ToList();
        var service = new OnBehalfProbe();
        var asked = new List<string>();
        harness.CreateRuntime(onBehalfReviews: name =>
        {
            asked.Add(name);
            return service;
        });

        await harness.StartAsync(settings, capturing);

        Assert.That(asked, Is.EqualTo(new[] { "fixture-a", "fixture-b" }));
        Assert.That(seen.Select(s => (s.Adapter, s.Service)), Is.EqualTo(new[] { ("fixture-a", (IOnBehalfReviewService)service), ("fixture-b", service) }));
    }

    [Test]
    public async Task StartAsync_NoOnBehalfService_AdaptersGetTheRefusingOne()
    {
        using var temp = new TempDirectory();
        await using var harness = new AdapterHarness(temp);
        var (settings, configured) = harness.ConfigureFixtures("fixture-a");
        var seen = new List<(string Adapter, IOnBehalfReviewService Service)>();

        await harness.StartAsync(settings, [.. configured.Select(c => c with { Package = c.Package with { Factory = new CapturingFactory(c.Package.Factory!, seen) } })]);

        Assert.That(seen.Single().Service, Is.SameAs(NoOnBehalfReviews.Instance));
    }

    [Test]
    public async Task AddEngine_TeleportConnectionRegistered_OneAvailableTeleportServiceForEveryAdapter()
    {
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(peer.Connection);
        services.AddEngine(new EngineOptions(new WatcherOptions(), new DispatchOptions()));
        await using var provider = services.BuildServiceProvider();

        var forAdapter = provider.GetRequiredService<Func<string, IOnBehalfReviewService>>();
        var slack = forAdapter("slack");

        Assert.That(slack, Is.TypeOf<TeleportOnBehalfReviewService>());
        Assert.That(slack.IsAvailable, Is.True);
        Assert.That(forAdapter("discord"), Is.SameAs(slack));
    }

    [Test]
    public async Task AddEngine_NoTeleportConnection_RefusingService()
    {
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddEngine(new EngineOptions(new WatcherOptions(), new DispatchOptions()));
        await using var provider = services.BuildServiceProvider();

        var service = provider.GetRequiredService<Func<string, IOnBehalfReviewService>>()("slack");

        Assert.That(service, Is.SameAs(NoOnBehalfReviews.Instance));
        Assert.That(service.IsAvailable, Is.False);
    }

    /// <summary>Creates the real adapter and records which on-behalf service its context carried.</summary>
    private sealed class CapturingFactory(IAccessRequestAdapterFactory inner, List<(string Adapter, IOnBehalfReviewService Service)> seen) : IAccessRequestAdapterFactory
    {
        public string Name => inner.Name;

        public Type OptionsType => inner.OptionsType;

        public IAccessRequestAdapter Create(AdapterContext context, object options)
        {
            seen.Add((context.Name, context.OnBehalfReviews));
            return inner.Create(context, options);
        }
    }

    /// <summary>A service told apart by identity; the runtime only passes it on.</summary>
    private sealed class OnBehalfProbe : IOnBehalfReviewService
    {
        public bool IsAvailable => true;

        public Task<ReviewerLookup> FindReviewerAsync(ReviewerBinding binding, CancellationToken cancellationToken) =>
            Task.FromResult(new ReviewerLookup(ReviewerLookupOutcome.NotFound, null, "probe"));

        public Task<OnBehalfReviewResult> SubmitAsync(OnBehalfReview review, CancellationToken cancellationToken) =>
            Task.FromResult(new OnBehalfReviewResult(OnBehalfReviewOutcome.Refused, "probe"));
    }
}
