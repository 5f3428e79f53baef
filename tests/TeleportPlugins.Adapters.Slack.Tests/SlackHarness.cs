using TeleportPlugins.Fakes.Slack;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>
/// The Slack adapter against <see cref="SlackApiFake"/> on a fake clock that moves a second, or the channel pacing when
/// longer, before each step, so a step's post to a channel never waits for the previous step's slot.
/// </summary>
internal sealed class SlackHarness : IAsyncDisposable
{
    private SlackHarness(SlackApiFake fake, FakeTimeProvider clock, AdapterHarness adapter)
    {
        Fake = fake;
        Clock = clock;
        Run = adapter;
    }

    public SlackApiFake Fake { get; }

    public FakeTimeProvider Clock { get; }

    public AdapterHarness Run { get; }

    public IAccessRequestAdapter Adapter => Run.Adapter;

    public AdapterRequestState State => Run.State;

    public AdapterTestContext Host => Run.Host;

    public static RoleToRecipients Recipients(params (string Role, string[] Recipients)[] entries) => AdapterHarness.Recipients(entries);

    public static async Task<SlackHarness> StartAsync(
        RoleToRecipients? roleToRecipients = null, Action<SlackOptions>? configure = null, string? proxy = "teleport.example.com:443", SlackApiFake? fake = null, IOnBehalfReviewService? onBehalfReviews = null)
    {
        fake ??= await SlackApiFake.StartAsync();
        fake.AddUser("alice@example.com", "U0ALICE");
        fake.AddUser("bob@example.com", "U0BOB");
        var clock = new FakeTimeProvider();
        fake.UseClock(clock);
        var options = new SlackOptions { Token = fake.Token, ApiUrl = fake.ApiUrl };
        configure?.Invoke(options);
        var step = options.ChannelPacing > TimeSpan.FromSeconds(1) ? options.ChannelPacing : TimeSpan.FromSeconds(1);
        var run = new AdapterHarness(new SlackAdapterFactory(), options, clock, roleToRecipients ?? Recipients(("*", ["general"])), proxy, () => clock.Advance(step), onBehalfReviews);
        return new SlackHarness(fake, clock, run);
    }

    public IAccessRequestAdapter CreateReplica(Action<SlackOptions>? configure = null)
    {
        var options = new SlackOptions { Token = Fake.Token, ApiUrl = Fake.ApiUrl };
        configure?.Invoke(options);
        return Run.CreateReplica(options);
    }

    public Task<Exception?> CreatedAsync(AccessRequestSnapshot request, IAccessRequestAdapter? adapter = null) => Run.CreatedAsync(request, adapter);

    public Task<Exception?> ReviewAsync((AccessRequestSnapshot Request, AccessReview Review, int Index) reviewed, IAccessRequestAdapter? adapter = null) => Run.ReviewAsync(reviewed, adapter);

    public Task<Exception?> ResolvedAsync(AccessRequestSnapshot request) => Run.ResolvedAsync(request);

    public Task<Exception?> ExpiredAsync(AccessRequestSnapshot request) => Run.ExpiredAsync(request);

    /// <summary>
    /// One attempt of a reminder, moving the fake clock while the step waits on it. An escalation to a channel the step
    /// already replied in waits for that channel's next slot (<see cref="SlackOptions.ChannelPacing"/>), a timer only
    /// this clock fires: awaited without moving the clock, such a step never ends (an earlier escalation test hung so).
    /// </summary>
    public async Task<Exception?> ReminderAsync(AccessRequestSnapshot request, int number, IReadOnlyList<string> escalateTo, IAccessRequestAdapter? adapter = null)
    {
        var step = Run.ReminderAsync(request, number, escalateTo, adapter);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!step.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (Clock.ActiveTimers > 0)
            {
                Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
            else
            {
                await Task.Delay(5);
            }
        }

        Assert.That(step.IsCompleted, Is.True, "the reminder step waits on something the clock does not fire");
        return await step;
    }

    public async ValueTask DisposeAsync()
    {
        ((IDisposable)Adapter).Dispose();
        Run.Dispose();
        await Fake.DisposeAsync();
    }
}
