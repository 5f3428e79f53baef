using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using TeleportPlugins.Fakes.Discord;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.TicketingWorkload;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// The Discord adapter's Interactions Endpoint URL in a real host, installed from its build output (Ed25519 from
/// NSec.Cryptography and its native libsodium, loaded in the adapter's own load context): Discord's PING, signed with the
/// application's key, gets PONG as JSON; the same body under another key gets 401.
/// </summary>
public sealed class DiscordInteractionsEndToEndTests
{
    [Test]
    public async Task InteractionsRoute_SignedPingAndForgedPing_PongAsJsonAnd401()
    {
        using var appKey = Key.Create(SignatureAlgorithm.Ed25519);
        using var otherKey = Key.Create(SignatureAlgorithm.Ed25519);
        await using var fake = await DiscordApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("discord");
        var replica = await cluster.StartReplicaAsync("a", ["discord"], $"""
            [discord]
            token = {JsonSerializer.Serialize(fake.Token)}
            api_url = {JsonSerializer.Serialize(fake.ApiUrl.ToString())}
            [discord.role_to_recipients]
            "*" = ["100000000000000001"]
            [discord.review]
            enabled = true
            public_key = "{Convert.ToHexStringLower(appKey.PublicKey.Export(KeyBlobFormat.RawPublicKey))}"
            """);
        var listener = await ListenerAsync(replica);
        var body = fake.PingBody();

        using var pong = await PostWebhookAsync(listener, "discord", "interactions", body, Signed(body, appKey));
        using var forged = await PostWebhookAsync(listener, "discord", "interactions", body, Signed(body, otherKey));

        var pongBody = await pong.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pong.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(pongBody, Is.EqualTo("{\"type\":1}"));
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    private static Dictionary<string, string> Signed(byte[] body, Key key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new()
        {
            ["X-Signature-Ed25519"] = Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. body])),
            ["X-Signature-Timestamp"] = timestamp,
        };
    }
}
