using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Fakes.Discord;
using TeleportPlugins.Host.Tests.Support;
using static TeleportPlugins.Adapters.Testing.AdapterHarness;

namespace TeleportPlugins.Adapters.Discord.Tests;

/// <summary>Channels routed by Access Monitoring Rules replace role_to_recipients.</summary>
public sealed class DiscordRoutingTests
{
    private const string Ops = "100000000000000001";
    private const string Dba = "100000000000000002";
    private DiscordApiFake _fake = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await DiscordApiFake.StartAsync();
        _clock = new FakeTimeProvider();
        _fake.UseClock(_clock);
    }

    [TearDown]
    public async Task StopAsync() => await _fake.DisposeAsync();

    [Test]
    public async Task Created_RoutedChannel_PostsThereInsteadOfRoleToRecipients()
    {
        using var h = new AdapterHarness(
            new DiscordAdapterFactory(), new DiscordOptions { Token = _fake.Token, ApiUrl = _fake.ApiUrl }, _clock, Recipients(("*", [Ops])));
        h.RoutedRecipients = [Dba];

        Assert.That(await h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(_fake.RootMessages.Select(m => m.ChannelId), Is.EqualTo(new[] { Dba }));
    }
}
