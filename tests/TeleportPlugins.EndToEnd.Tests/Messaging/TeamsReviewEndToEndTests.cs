using System.Net;
using System.Text.Json;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Teams;
using TeleportPlugins.Simulator;
using static TeleportPlugins.EndToEnd.Tests.Ticketing.TicketingWorkload;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>
/// One-click approval in Teams through a real host: the Teams adapter, installed from its build output, puts Approve and
/// Deny on a pending request's card; a click, sent to the host's listener with a Bot Framework token signed by the fake's
/// published key, is verified by the adapter (Microsoft.IdentityModel in its own load context), bound to the Teleport user
/// whose <c>teams_uid</c> trait holds the clicker's Entra ID object ID, and submitted on that user's behalf to the
/// simulator, which records it with the host as submitted_by; the clicker gets the outcome as JSON, and the card's
/// update at resolution has no buttons. A forged token gets 401 and records nothing.
/// </summary>
public sealed class TeamsReviewEndToEndTests
{
    private const string BobAad = "3f2a1b0c-1111-4a2b-8c3d-4e5f6a7b8c9d";

    [Test]
    public async Task Click_ThroughHostListener_ReviewRecordedOnBehalfOfBoundUser_CardLosesButtons()
    {
        await using var fake = await TeamsApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("teams");
        cluster.Server.AddUser(new SimulatedUser("bob", [SimulatorRoles.Reviewer], new Dictionary<string, IReadOnlyList<string>> { ["teams_uid"] = [BobAad] }));
        var replica = await cluster.StartReplicaAsync("a", ["teams"], TeamsSection.For(fake) + $"""
            [teams.role_to_recipients]
            "*" = ["bob@example.com"]
            [teams.review]
            enabled = true
            openid_metadata_url = {JsonSerializer.Serialize(fake.Channel.MetadataUrl.ToString())}
            """);
        var listener = await ListenerAsync(replica);
        var request = cluster.Server.CreateRequest(new NewAccessRequest { User = "alice@example.com", Roles = ["db"], Reason = "incident" });
        await WaitAsync(() => fake.Cards.Any(c => c.Buttons.SequenceEqual(["Approve", "Deny"])));

        var body = fake.Channel.ClickActivity(request.Id, "approve", BobAad, DateTimeOffset.UtcNow, reason: "on call");
        using var forged = await PostWebhookAsync(listener, "teams", "messages", body, Bearer(fake.Channel.Token(DateTimeOffset.UtcNow, audience: "another-bot")));
        using var click = await PostWebhookAsync(listener, "teams", "messages", body, Bearer(fake.Channel.Token(DateTimeOffset.UtcNow)));
        var answer = await click.Content.ReadAsStringAsync();
        await WaitAsync(() => fake.Cards.Single().Updates > 0 && fake.Cards.Single().Buttons.Count == 0);

        var reviews = cluster.Server.GetAuditEntries().Where(e => e.RequestId == request.Id && e.Reviewer.Length > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(click.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(click.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(answer, Does.Contain("application/vnd.microsoft.card.adaptive").And.Contain("recorded in Teleport as bob"));
            Assert.That(reviews.Select(r => (r.Reviewer, r.SubmittedBy, r.Reason)), Is.EqualTo(new[] { ("bob", "teleport-plugins", "on call") }));
            Assert.That(cluster.Server.GetRequest(request.Id)?.State, Is.EqualTo(AccessRequestState.Approved));
        });
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };
}
