using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>The Slack adapter created by its factory like the host does, against <see cref="SlackApiFake"/>, on a fake clock.</summary>
internal sealed class SlackHarness : IAsyncDisposable
{
    private SlackHarness(SlackApiFake fake, AdapterTestContext host, FakeTimeProvider clock, IAccessRequestAdapter adapter)
    {
        Fake = fake;
        Host = host;
        Clock = clock;
        Adapter = adapter;
    }

    public SlackApiFake Fake { get; }

    public AdapterTestContext Host { get; }

    public FakeTimeProvider Clock { get; }

    public IAccessRequestAdapter Adapter { get; }

    public AdapterRequestState State { get; } = new();

    public static RoleToRecipients Recipients(params (string Role, string[] Recipients)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, IReadOnlyList<string>>(e.Role, e.Recipients)));

    public static async Task<SlackHarness> StartAsync(RoleToRecipients? roleToRecipients = null, Action<SlackOptions>? configure = null, string? proxy = "teleport.example.com:443", SlackApiFake? fake = null)
    {
        fake ??= await SlackApiFake.StartAsync();
        fake.AddUser("alice@example.com", "U0ALICE");
        fake.AddUser("bob@example.com", "U0BOB");
        var clock = new FakeTimeProvider();
        var host = new AdapterTestContext("slack", clock, roleToRecipients ?? Recipients(("*", ["general"])), proxy);
        var options = new SlackOptions { Token = fake.Token, ApiUrl = fake.ApiUrl };
        configure?.Invoke(options);
        var adapter = new SlackAdapterFactory().Create(host.Context, options);
        return new SlackHarness(fake, host, clock, adapter);
    }

    /// <summary>A second replica: another adapter instance on the same fake Slack and clock.</summary>
    public IAccessRequestAdapter CreateReplica(RoleToRecipients roleToRecipients)
    {
        var context = new AdapterContext
        {
            Name = "slack",
            Logger = Host.Logs,
            HttpClient = Host.Context.HttpClient,
            TimeProvider = Clock,
            Reviews = Host.Reviews,
            RoleToRecipients = roleToRecipients,
            Cluster = Host.Context.Cluster,
        };
        return new SlackAdapterFactory().Create(context, new SlackOptions { Token = Fake.Token, ApiUrl = Fake.ApiUrl });
    }

    /// <summary>Runs one attempt of a step a second after the previous one, as the host would, keeping the state either way.</summary>
    public Task<Exception?> StepAsync(Func<IAccessRequestAdapter, AdapterRequestState, Task> step)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return SampleRequests.AttemptAsync(() => step(Adapter, State));
    }

    public Task<Exception?> CreatedAsync(AccessRequestSnapshot request) =>
        StepAsync((a, s) => a.OnRequestCreatedAsync(new RequestCreatedContext(request, s), CancellationToken.None));

    public Task<Exception?> ReviewAsync((AccessRequestSnapshot Request, AccessReview Review, int Index) reviewed) =>
        StepAsync((a, s) => a.OnReviewAddedAsync(new ReviewAddedContext(reviewed.Request, s, reviewed.Review, reviewed.Index), CancellationToken.None));

    public Task<Exception?> ResolvedAsync(AccessRequestSnapshot request) =>
        StepAsync((a, s) => a.OnRequestResolvedAsync(new RequestResolvedContext(request, s), CancellationToken.None));

    public Task<Exception?> ExpiredAsync(AccessRequestSnapshot request) =>
        StepAsync((a, s) => a.OnRequestExpiredAsync(new RequestExpiredContext(request, s), CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Fake.DisposeAsync();
    }
}
