using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Mattermost;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Mattermost.Tests;

/// <summary>Recipients routed by Access Monitoring Rules replace the configured ones, the suggested reviewers included.</summary>
public sealed class MattermostRoutingTests
{
    private MattermostApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await MattermostApiFake.StartAsync();
        _fake.AddUser("alice@example.com", "user-alice");
        _fake.AddUser("bob@example.com", "user-bob");
        _fake.AddChannel("dba", "oncall", "chan-dba");
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
    }

    [TearDown]
    public async Task StopAsync() => await _fake.DisposeAsync();

    [Test]
    public async Task Created_RoutedRecipients_PostsOnlyToThemNotToConfiguredOrSuggested()
    {
        using var h = Start();
        h.RoutedRecipients = ["dba/oncall", "alice@example.com"];
        var request = SampleRequests.Pending() with { SuggestedReviewers = ["bob@example.com"] };

        Assert.That(await h.CreatedAsync(request), Is.Null);

        Assert.That(_fake.RootPosts.Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-dba", "dm-user-alice" }));
    }

    [Test]
    public async Task Created_NothingRouted_ConfiguredRecipientsAndSuggestedReviewers()
    {
        using var h = Start();

        Assert.That(await h.CreatedAsync(SampleRequests.Pending() with { SuggestedReviewers = ["alice@example.com"] }), Is.Null);

        Assert.That(_fake.RootPosts.Select(p => p.ChannelId), Is.EqualTo(new[] { "chan-access", "dm-user-bob", "dm-user-alice" }));
    }

    private AdapterHarness Start() =>
        new(new MattermostAdapterFactory(), new MattermostOptions { Url = _fake.Url, Token = _fake.Token, Recipients = ["ops/access", "bob@example.com"] }, _clock, RoleToRecipients.Empty);
}
