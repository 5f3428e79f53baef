using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// A Slack adapter with <c>[slack.review]</c> enabled in HTTP mode and its routes mapped, a pending request in the
/// simulator (requester alice@example.com), and Teleport users bound by <c>slack_uid</c>: alice@example.com (U0ALICE)
/// and bob@example.com (U0BOB).
/// </summary>
internal sealed class ReviewHarness : IAsyncDisposable
{
    private ReviewHarness(SlackHarness harness, SlackReviewOptions options, RecordingRouteRegistry routes, SimulatedTeleportReviews teleport, string requestId)
    {
        H = harness;
        Options = options;
        Routes = routes;
        Teleport = teleport;
        RequestId = requestId;
    }

    public string RequestId { get; }

    public SlackHarness H { get; }

    public SlackReviewOptions Options { get; }

    public RecordingRouteRegistry Routes { get; }

    public SlackApiFake Fake => H.Fake;

    public FakeTimeProvider Clock => H.Clock;

    public SimulatedTeleportReviews Teleport { get; }

    public IEnumerable<string> Logs => H.Host.Logs.Lines.Select(l => l.Message);

    public static async Task<ReviewHarness> StartAsync(SimulatedTeleportReviews teleport, Action<SlackReviewOptions>? configure = null, int maxBodyBytes = 1024 * 1024)
    {
        var fake = await SlackApiFake.StartAsync();
        var review = new SlackReviewOptions { Enabled = true, SigningSecret = fake.SigningSecret };
        configure?.Invoke(review);
        var harness = await SlackHarness.StartAsync(fake: fake, configure: o => o.Review = review, onBehalfReviews: teleport);
        var requestId = teleport.AddPendingRequest("slack_uid", ("alice@example.com", "U0ALICE"), ("bob@example.com", "U0BOB"));
        var routes = new RecordingRouteRegistry { MaxBodyBytes = maxBodyBytes };
        ((IInboundRouteProvider)harness.Adapter).MapRoutes(routes);
        return new ReviewHarness(harness, review, routes, teleport, requestId);
    }

    /// <summary>Delivers a signed click on the request's <paramref name="actionId"/> button and waits for its outcome.</summary>
    public Task<InboundResponse> ClickAsync(string userId, string actionId) => DeliverAsync(Fake.BlockActions(userId, actionId, RequestId));

    /// <summary>Delivers <paramref name="payload"/> signed now (or at <paramref name="sentAt"/>) and waits for its outcome.</summary>
    public async Task<InboundResponse> DeliverAsync(string payload, DateTimeOffset? sentAt = null)
    {
        var (body, headers) = Fake.Sign(payload, sentAt ?? Clock.GetUtcNow());
        var response = await PostAsync(body, headers);
        await IdleAsync();
        return response;
    }

    public Task<InboundResponse> PostAsync(byte[] body, IReadOnlyDictionary<string, string> headers) =>
        Routes.PostAsync(SlackAdapter.InteractivityPath, body, headers);

    public Task IdleAsync() => ((SlackAdapter)H.Adapter).IdleAsync();

    public async ValueTask DisposeAsync() => await H.DisposeAsync();
}
