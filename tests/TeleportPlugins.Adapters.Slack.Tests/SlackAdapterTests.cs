using TeleportPlugins.Fakes.Slack;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using static TeleportPlugins.Adapters.Slack.Tests.SlackHarness;

namespace TeleportPlugins.Adapters.Slack.Tests;

public sealed class SlackAdapterTests
{
    [Test]
    public async Task CheckHealth_ValidToken_HealthyNamingTheBot()
    {
        await using var h = await StartAsync();

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.True);
        Assert.That(health.Description, Does.Contain("Slack").And.Contain("teleport-bot"));
        Assert.That(h.Fake.Server.RequestsTo("POST", "/api/auth.test").Single().Header("Authorization"), Is.EqualTo($"Bearer {h.Fake.Token}"));
    }

    [Test]
    public async Task Dispose_ByTheHostAtShutdown_ReleasesTheAdaptersHttpClient()
    {
        await using var h = await StartAsync();

        ((IDisposable)h.Adapter).Dispose();
        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(h.Fake.Server.RequestsTo("POST", "/api/auth.test"), Is.Empty, "a disposed client sends nothing");
    }

    [Test]
    public async Task CheckHealth_BadToken_UnhealthyNamingSlackAndTheCause()
    {
        await using var h = await StartAsync(configure: o => o.Token = "xoxb-wrong-token-value");

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("Slack rejected the token (invalid_auth)"));
        Assert.That(health.Description, Does.Not.Contain("xoxb-wrong-token-value"));
    }

    [Test]
    public async Task CheckHealth_WrongUrl_UnhealthyNamingTheUrl()
    {
        await using var fake = await SlackApiFake.StartAsync();
        await using var h = await StartAsync(fake: fake, configure: o => o.ApiUrl = new Uri(fake.Server.BaseAddress, "not-slack/"));

        var health = await h.Adapter.CheckHealthAsync(CancellationToken.None);

        Assert.That(health.IsHealthy, Is.False);
        Assert.That(health.Description, Does.Contain("Slack auth.test failed with HTTP 404").And.Contain("not-slack/"));
    }

    [Test]
    public async Task Created_PostsDetailsToEveryRecipientOnce()
    {
        await using var h = await StartAsync(Recipients(("editor", ["general", "bob@example.com"]), ("auditor", ["general", "U0BOB"]), ("*", ["fallback"])));
        h.Fake.AddChannel("fallback", "C0FALLBACK");
        var request = SampleRequests.Pending(roles: ["editor", "auditor", "other"]) with { SuggestedReviewers = ["bob@example.com", "carol"] };

        Assert.That(await h.CreatedAsync(request), Is.Null);

        // general twice, bob by e-mail and by user ID are one recipient each; "carol" is no e-mail address.
        var roots = h.Fake.RootMessages;
        Assert.That(roots.Select(m => m.Channel), Is.EqualTo(new[] { "C0GENERAL", "D0BOB", "C0FALLBACK" }));
        var blocks = roots[0].BlocksText;
        Assert.That(blocks, Does.Contain("*ID*: 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10"));
        Assert.That(blocks, Does.Contain("*Cluster*: teleport.example.com").And.Contain("*User*: alice@example.com"));
        Assert.That(blocks, Does.Contain("*Role(s)*: auditor, editor, other").And.Contain("*Resource(s)*: /teleport.example.com/node/db-1"));
        Assert.That(blocks, Does.Contain("*Reason*: ```\nInvestigating incident INC-42\n```"));
        Assert.That(blocks, Does.Contain("*Link*: https://teleport.example.com/web/requests/0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10"));
        Assert.That(blocks, Does.EndWith("*Status*: ⏳ PENDING"));
        Assert.That(roots[0].Text, Does.Contain("You have a new Role Request:").And.Contain("PENDING"));
        Assert.That(h.State.Get("messages"), Is.EqualTo(string.Join(',', roots.Select(m => $"{m.Channel}/{m.Ts}"))));
        Assert.That(h.State.Get("user"), Is.EqualTo("alice@example.com"));
        Assert.That(h.Fake.Server.RequestsTo("GET", "/api/users.lookupByEmail").Select(r => r.Query), Is.EqualTo(new[] { "?email=bob%40example.com" }));
        Assert.That(h.Fake.Server.Unmatched, Is.Empty);
    }

    [Test]
    public async Task Created_UnknownEmail_SkippedWithWarning_OthersPosted()
    {
        await using var h = await StartAsync(Recipients(("*", ["nobody@example.com", "general"])));

        Assert.That(await h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(h.Fake.RootMessages.Select(m => m.Channel), Is.EqualTo(new[] { "C0GENERAL" }));
        Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("nobody@example.com"));
    }

    [Test]
    public async Task Created_AdapterRoleToRecipients_PreferredOverTopLevel()
    {
        await using var h = await StartAsync(Recipients(("*", ["general"])), o => o.RoleToRecipients = Recipients(("*", ["alice@example.com"])));

        Assert.That(await h.CreatedAsync(SampleRequests.Pending()), Is.Null);

        Assert.That(h.Fake.RootMessages.Select(m => m.Channel), Is.EqualTo(new[] { "D0ALICE" }));
    }

    [Test]
    public async Task Created_NoProxyAddress_ShowsTshHints()
    {
        await using var h = await StartAsync(proxy: null);

        Assert.That(await h.CreatedAsync(SampleRequests.Pending(proxy: null)), Is.Null);

        var blocks = h.Fake.RootMessages.Single().BlocksText;
        Assert.That(blocks, Does.Contain("*Approve*: `tsh request review --approve 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10`"));
        Assert.That(blocks, Does.Contain("*Deny*: `tsh request review --deny 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10`"));
        Assert.That(blocks, Does.Not.Contain("/web/requests/"));
    }

    [Test]
    public async Task Created_OversizeReasonWithMarkup_TruncatedAndEscaped()
    {
        await using var h = await StartAsync();
        var reason = "<!channel> ``` & " + new string('x', 4000);

        Assert.That(await h.CreatedAsync(SampleRequests.Pending() with { Reason = reason }), Is.Null);

        var blocks = h.Fake.RootMessages.Single().BlocksText;
        Assert.That(blocks, Does.Contain("&lt;!channel&gt;").And.Contain("&amp;").And.Contain("… (truncated)"));
        Assert.That(blocks, Does.Not.Contain("<!channel>").And.Not.Contain("x```"));
        Assert.That(blocks.Split("```").Length, Is.EqualTo(3), "the reason cannot close its code block early");
        Assert.That(new string(blocks.Where(c => c == 'x').ToArray()), Has.Length.LessThan(500));
    }

    [Test]
    public async Task Created_EveryRecipientRefused_PermanentFailure()
    {
        await using var h = await StartAsync(Recipients(("*", ["no-such-channel"])));

        var error = await h.CreatedAsync(SampleRequests.Pending());

        Assert.That(error, Is.TypeOf<PermanentAdapterException>());
        Assert.That(error!.Message, Does.Contain("channel_not_found"));
    }

    [Test]
    public async Task ReviewAdded_RepliesInEveryThread_AndListsTheReviewInTheMessage()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var roots = h.Fake.RootMessages;

        Assert.That(await h.ReviewAsync(request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "looks fine")), Is.Null);

        var replies = h.Fake.Messages.Where(m => m.ThreadTs is not null).ToList();
        Assert.That(replies.Select(r => (r.Channel, r.ThreadTs)), Is.EqualTo(roots.Select(r => (r.Channel, (string?)r.Ts))));
        Assert.That(replies[0].Text, Does.StartWith("reviewer1@example.com reviewed the request at Sat, 21 Nov 2026 11:05:00 GMT."));
        Assert.That(replies[0].Text, Does.Contain("Resolution: ✅ APPROVED.").And.Contain("looks fine"));
        Assert.That(h.Fake.Updates.Select(u => u.Ts), Is.EqualTo(roots.Select(r => r.Ts)));
        Assert.That(h.Fake.Updates[0].BlocksText, Does.Contain("*Status*: ⏳ PENDING").And.Contain("✅ APPROVED reviewer1@example.com: looks fine"));
    }

    [Test]
    public async Task Resolved_Approved_EditsEveryMessage_AndTellsTheRequester()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);

        Assert.That(await h.ResolvedAsync(request.Resolved(AccessRequestState.Approved, "ok for the incident")), Is.Null);

        Assert.That(h.Fake.Updates.Select(u => u.Channel), Is.EqualTo(new[] { "C0GENERAL", "D0BOB" }));
        Assert.That(h.Fake.Updates[0].BlocksText, Does.Contain("*Status*: ✅ APPROVED\n*Resolution reason*: ```\nok for the incident\n```"));
        var direct = h.Fake.RootMessages.Single(m => m.Channel == "D0ALICE");
        Assert.That(direct.Text, Does.StartWith("Request with ID 0b3e8a4c-7d2f-4f0e-9a51-2c7d1e9b6f10 has been updated: *✅ APPROVED*"));
    }

    [Test]
    public async Task Resolved_Denied_EditsToDenied()
    {
        await using var h = await StartAsync(configure: o => o.NotifyRequester = false);
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);

        Assert.That(await h.ResolvedAsync(request.Resolved(AccessRequestState.Denied, "not during the freeze")), Is.Null);

        Assert.That(h.Fake.Updates.Single().BlocksText, Does.Contain("*Status*: ❌ DENIED").And.Contain("not during the freeze"));
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(1), "no direct message when notify_requester = false");
    }

    [Test]
    public async Task ApprovalByReviewThreshold_StaysPendingAfterFirst_ThenApprovedWithBothReviews()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "first");
        var second = first.Request.WithReview("reviewer2@example.com", AccessRequestState.Approved, "second");

        await h.ReviewAsync(first);
        Assert.That(h.Fake.Updates[^1].BlocksText, Does.Contain("⏳ PENDING"));
        await h.ReviewAsync(second);
        Assert.That(await h.ResolvedAsync(second.Request.Resolved(AccessRequestState.Approved, "2 approvals")), Is.Null);

        var final = h.Fake.Updates[^1].BlocksText;
        Assert.That(final, Does.Contain("*Status*: ✅ APPROVED"));
        Assert.That(final, Does.Contain("✅ APPROVED reviewer1@example.com: first\n✅ APPROVED reviewer2@example.com: second"));
        Assert.That(h.Fake.Messages.Count(m => m.ThreadTs is not null), Is.EqualTo(2));
    }

    [Test]
    public async Task ReviewAdded_LaterReviewAndResolutionAlreadyKnown_RepliesButCollapsesEditsIntoTheLast()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "bob@example.com"])));
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var first = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "first");
        var second = first.Request.WithReview("reviewer2@example.com", AccessRequestState.Approved, "second");
        var resolved = second.Request.Resolved(AccessRequestState.Approved, "2 approvals");

        // The host runs each step with the latest snapshot: both reviews and the resolution are already known.
        Assert.That(await h.ReviewAsync((resolved, first.Review, first.Index)), Is.Null);
        Assert.That(await h.ReviewAsync((resolved, second.Review, second.Index)), Is.Null);
        Assert.That(h.Fake.Updates, Is.Empty, "each review's edit is superseded by the resolution's");
        Assert.That(await h.ResolvedAsync(resolved), Is.Null);

        Assert.That(h.Fake.Messages.Count(m => m.ThreadTs is not null), Is.EqualTo(4), "every review is still replied in both threads");
        Assert.That(h.Fake.Updates, Has.Count.EqualTo(2), "one edit per message, the last");
        Assert.That(h.Fake.Updates[0].BlocksText, Does.Contain("*Status*: ✅ APPROVED").And.Contain("reviewer1@example.com: first\n✅ APPROVED reviewer2@example.com: second"));
    }

    [Test]
    public async Task Expired_BareSnapshotAfterRestart_EditsToExpiredWithTheStoredDetails()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);

        Assert.That(await h.ExpiredAsync(request.Bare()), Is.Null);

        var edit = h.Fake.Updates.Single().BlocksText;
        Assert.That(edit, Does.Contain("*Status*: ⌛ EXPIRED").And.Contain("*User*: alice@example.com").And.Contain("*Role(s)*: editor"));
        Assert.That(edit, Does.Contain("Investigating incident INC-42").And.Contain("/teleport.example.com/node/db-1"));
    }

    [Test]
    public async Task Expired_MessagesWrittenByTeleportsPlugin_AreEdited()
    {
        await using var h = await StartAsync();
        await h.CreatedAsync(SampleRequests.Pending(id: "other"));
        var posted = h.Fake.RootMessages.Single();
        h.State.Set("messages", string.Empty);
        h.State.Set("progress", string.Empty);
        var migrated = new AdapterRequestState([new("messages", $"{posted.Channel}/{posted.Ts}"), new("reviews_count", "0")]);

        await h.Adapter.OnRequestExpiredAsync(new RequestExpiredContext(SampleRequests.Pending(), migrated), CancellationToken.None);

        Assert.That(h.Fake.Updates.Single().Ts, Is.EqualTo(posted.Ts));
        Assert.That(migrated.Get("reviews_count"), Is.EqualTo("0"), "the host's keys are left alone");
    }

    [Test]
    public async Task RateLimitStorm_SurfacesRetryAfterEachTime_AndNeverPostsTwice()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "alice@example.com", "bob@example.com"])));
        h.Fake.RateLimitPosts(count: 3, retryAfterSeconds: 7, afterSuccesses: 1);
        var attempts = new List<Exception?>();

        for (var i = 0; i < 6 && (attempts.Count == 0 || attempts[^1] is not null); i++)
        {
            attempts.Add(await h.CreatedAsync(SampleRequests.Pending()));
            h.Clock.Advance(TimeSpan.FromSeconds(7));
        }

        // Each attempt tries every recipient still missing: alice and bob are limited in the first, alice in the second.
        Assert.That(attempts, Has.Count.EqualTo(3));
        Assert.That(attempts.Take(2), Is.All.TypeOf<TransientAdapterException>());
        Assert.That(attempts.Take(2).Select(e => ((TransientAdapterException)e!).RetryAfter), Is.All.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(attempts[2], Is.Null);
        Assert.That(h.Fake.RootMessages.Select(m => m.Channel), Is.EqualTo(new[] { "C0GENERAL", "D0BOB", "D0ALICE" }));
        Assert.That(h.Fake.Server.RequestsTo("POST", "/api/chat.postMessage"), Has.Count.EqualTo(6));
        Assert.That(h.State.Get("messages")!.Split(','), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Created_429OnFirstRecipient_OthersPostedFirstThenRetryPostsOnlyTheMissingOne()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "alice@example.com", "bob@example.com"])));
        h.Fake.RateLimitPosts(count: 1, retryAfterSeconds: 1);
        var request = SampleRequests.Pending();

        var first = await h.CreatedAsync(request);
        var postedBeforeRetry = h.Fake.RootMessages.Select(m => m.Channel).ToList();
        var second = await h.CreatedAsync(request);

        Assert.That(first, Is.TypeOf<TransientAdapterException>());
        Assert.That(((TransientAdapterException)first!).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(postedBeforeRetry, Is.EqualTo(new[] { "D0ALICE", "D0BOB" }), "the limit on #general did not stop the other recipients");
        Assert.That(second, Is.Null);
        Assert.That(h.Fake.RootMessages.Select(m => m.Channel), Is.EquivalentTo(new[] { "C0GENERAL", "D0ALICE", "D0BOB" }));
        Assert.That(h.Fake.Server.RequestsTo("POST", "/api/chat.postMessage"), Has.Count.EqualTo(4), "three posts and the one refused");
        Assert.That(h.Host.Logs.Lines.Select(l => l.Message), Has.Some.Contains("asked to come back later").And.Contains("general"));
    }

    [Test]
    public async Task ReviewAdded_429OnOneThread_OtherThreadsRepliedAndEditedThenRetryDoesOnlyTheMissingOnes()
    {
        await using var h = await StartAsync(Recipients(("*", ["general", "alice@example.com", "bob@example.com"])));
        var request = SampleRequests.Pending();
        Assert.That(await h.CreatedAsync(request), Is.Null);
        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok");
        h.Fake.RateLimitPosts(count: 1, retryAfterSeconds: 2);

        var first = await h.ReviewAsync(reviewed);
        var repliesBeforeRetry = h.Fake.Messages.Count(m => m.ThreadTs is not null);
        var editsBeforeRetry = h.Fake.Updates.Count;
        var second = await h.ReviewAsync(reviewed);

        Assert.That(((TransientAdapterException)first!).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(repliesBeforeRetry, Is.EqualTo(2));
        Assert.That(editsBeforeRetry, Is.EqualTo(2), "the other messages' edits do not wait for the limited channel, which gets nothing more in this attempt");
        Assert.That(second, Is.Null);
        Assert.That(h.Fake.RootMessages.Select(r => h.Fake.Messages.Count(m => m.ThreadTs == r.Ts)), Is.All.EqualTo(1));
        Assert.That(h.Fake.Updates, Has.Count.EqualTo(3), "the retry edits nothing twice");
    }

    [Test]
    public async Task ServerErrorThenSuccess_TransientThenPostedOnce()
    {
        await using var h = await StartAsync();
        h.Fake.FailWithServerError("chat.postMessage", 503);

        var first = await h.CreatedAsync(SampleRequests.Pending());
        var second = await h.CreatedAsync(SampleRequests.Pending());

        Assert.That(first, Is.TypeOf<TransientAdapterException>());
        Assert.That(first!.Message, Does.Contain("Slack chat.postMessage failed with HTTP 503"));
        Assert.That(second, Is.Null);
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TwoReplicas_SecondResumesAfterFirstStopped_NoDuplicateMessagesOrReplies()
    {
        var map = Recipients(("*", ["general", "alice@example.com", "bob@example.com"]));
        await using var h = await StartAsync(map);
        var replica = h.CreateReplica();
        var request = SampleRequests.Pending();

        h.Fake.RateLimitPosts(count: 1, retryAfterSeconds: 3, afterSuccesses: 1);
        Assert.That(await h.CreatedAsync(request), Is.TypeOf<TransientAdapterException>());
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.That(await h.CreatedAsync(request, replica), Is.Null);

        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Denied, "no");
        h.Fake.RateLimitPosts(count: 1, retryAfterSeconds: 3, afterSuccesses: 1);
        Assert.That(await h.ReviewAsync(reviewed), Is.TypeOf<TransientAdapterException>());
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.That(await h.ReviewAsync(reviewed, replica), Is.Null);

        var roots = h.Fake.RootMessages;
        Assert.That(roots.Select(m => m.Channel), Is.EquivalentTo(new[] { "C0GENERAL", "D0ALICE", "D0BOB" }));
        Assert.That(roots.Select(r => h.Fake.Messages.Count(m => m.ThreadTs == r.Ts)), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Pacing_BurstToOneChannel_DefaultSpacesPostsOneSecondPlusTenPercentApart()
    {
        await using var h = await StartAsync();
        await h.CreatedAsync(SampleRequests.Pending(id: "first"));

        var second = h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(SampleRequests.Pending(id: "second"), new AdapterRequestState()), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Clock.ActiveTimers == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(h.Clock.ActiveTimers, Is.EqualTo(1), "the second post waits for the channel's next slot");
        h.Clock.Advance(TimeSpan.FromMilliseconds(1099));
        Assert.That(second.IsCompleted, Is.False, "Slack's second plus a 10 % margin for network jitter");
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(1));
        h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Pacing_ReplyRightAfterRootPostedByChannelName_WaitsForThatChannelsNextSlot()
    {
        await using var h = await StartAsync();
        var request = SampleRequests.Pending();
        await h.CreatedAsync(request);
        var reviewed = request.WithReview("reviewer1@example.com", AccessRequestState.Approved, "ok");

        // The root went to "general", the reply goes to the C0GENERAL Slack answered with: one channel, one schedule.
        var reply = h.Adapter.OnReviewAddedAsync(new ReviewAddedContext(reviewed.Request, h.State, reviewed.Review, reviewed.Index), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Clock.ActiveTimers == 0 && !reply.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(h.Fake.Messages.Count(m => m.ThreadTs is not null), Is.Zero, "the reply waits for the channel's next slot");
        h.Clock.Advance(TimeSpan.FromMilliseconds(1100));
        await reply;
        Assert.That(h.Fake.Messages.Count(m => m.ThreadTs is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task Pacing_ChannelPacingZero_BurstPostedWithoutWaiting()
    {
        await using var h = await StartAsync(configure: o => o.ChannelPacing = TimeSpan.Zero);

        // Five requests, each with its own state as the host keeps it: one shared state would let the first post mark
        // "general" done for the others.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(SampleRequests.Pending(id: $"burst-{i}"), new AdapterRequestState()), CancellationToken.None)));

        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(5));
        Assert.That(h.Clock.ActiveTimers, Is.Zero, "nothing waited for a slot");
    }

    [Test]
    public async Task PerChannelLimit_PacingOff_SecondPostWithinTheSecondGetsSlacksRetryAfterAndIsPostedOnce()
    {
        await using var h = await StartAsync(configure: o => o.ChannelPacing = TimeSpan.Zero);
        h.Fake.LimitPostsPerChannel(h.Clock);
        var second = new RequestCreatedContext(SampleRequests.Pending(id: "second"), new AdapterRequestState());

        await h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(SampleRequests.Pending(id: "first"), new AdapterRequestState()), CancellationToken.None);
        var limited = Assert.ThrowsAsync<TransientAdapterException>(() => h.Adapter.OnRequestCreatedAsync(second, CancellationToken.None));
        h.Clock.Advance(limited!.RetryAfter!.Value);
        await h.Adapter.OnRequestCreatedAsync(second, CancellationToken.None);

        Assert.That(limited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(2));
        Assert.That(h.Fake.Server.RateLimited, Is.EqualTo(1));
    }

    [Test]
    public async Task PerChannelLimit_DefaultPacing_BurstNeverLimited()
    {
        await using var h = await StartAsync();
        h.Fake.LimitPostsPerChannel(h.Clock);

        var burst = Enumerable.Range(0, 3).Select(i =>
            h.Adapter.OnRequestCreatedAsync(new RequestCreatedContext(SampleRequests.Pending(id: $"burst-{i}"), new AdapterRequestState()), CancellationToken.None)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var arrived = -1L;
        var quietPolls = 0;
        while (!burst.TrueForAll(t => t.IsCompleted) && DateTime.UtcNow < deadline)
        {
            // Move the clock on by one second only once a post waits for its slot and nothing has reached Slack for a
            // few polls: the clock stands for real time, in which a due post is sent within milliseconds.
            var now = h.Fake.RootMessages.Count + h.Fake.Server.RateLimited;
            quietPolls = now == arrived ? quietPolls + 1 : 0;
            arrived = now;
            if (h.Clock.ActiveTimers > 0 && quietPolls >= 3)
            {
                h.Clock.Advance(TimeSpan.FromSeconds(1));
                quietPolls = 0;
            }

            await Task.Delay(10);
        }

        Assert.That(burst.TrueForAll(t => t.IsCompleted), Is.True, "every post of the burst went out");

        await Task.WhenAll(burst);
        Assert.That(h.Fake.RootMessages, Has.Count.EqualTo(3));
        Assert.That(h.Fake.Server.RateLimited, Is.Zero, "the adapter's pacing keeps under Slack's per-channel limit");
    }

    [TestCase(-1)]
    [TestCase(120)]
    public void Options_ChannelPacingOutOfRange_Refused(int seconds)
    {
        var options = new SlackOptions { Token = "t", ChannelPacing = TimeSpan.FromSeconds(seconds) };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.That(results.Select(r => r.MemberNames.Single()), Is.EqualTo(new[] { nameof(SlackOptions.ChannelPacing) }));
        Assert.That(KeyOf(nameof(SlackOptions.ChannelPacing)), Is.EqualTo("channel_pacing"));
    }

    [Test]
    public async Task Secrets_FailingScenarios_TokenInNoLogLineOrExceptionMessage()
    {
        await using var bad = await StartAsync(configure: o => o.Token = "xoxb-bad-secret-777");
        await using var h = await StartAsync(Recipients(("*", ["general", "no-such-channel"])));
        var failures = new List<Exception?>();
        var health = await bad.Adapter.CheckHealthAsync(CancellationToken.None);
        failures.Add(await bad.CreatedAsync(SampleRequests.Pending()));
        h.Fake.RateLimitPosts(count: 1, retryAfterSeconds: 2);
        failures.Add(await h.CreatedAsync(SampleRequests.Pending()));
        h.Fake.FailWithServerError("chat.postMessage", 502);
        failures.Add(await h.CreatedAsync(SampleRequests.Pending()));
        failures.Add(await h.CreatedAsync(SampleRequests.Pending()));
        failures.Add(await h.ResolvedAsync(SampleRequests.Pending().Resolved(AccessRequestState.Approved, "x")));

        var texts = failures.Where(e => e is not null).SelectMany(e => new[] { e!.ToString(), e.InnerException?.ToString() ?? string.Empty })
            .Concat(bad.Host.Logs.Lines.Concat(h.Host.Logs.Lines).Select(l => l.Message))
            .Append(health.Description)
            .ToList();
        Assert.That(failures.Count(e => e is not null), Is.GreaterThanOrEqualTo(3));
        Assert.That(texts, Has.None.Contains("xoxb-bad-secret-777"));
        Assert.That(texts, Has.None.Contains(h.Fake.Token));
    }

    [Test]
    public void Options_BrokenTemplates_ValidationNamesEachTemplatesKey()
    {
        var options = new SlackOptions { Token = "t", MessageTemplate = "{{user}} wants {{nope}}", ReviewTemplate = "{{author" };

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.That(results.Select(r => r.MemberNames.Single()), Is.EqualTo(new[] { nameof(SlackOptions.MessageTemplate), nameof(SlackOptions.ReviewTemplate) }));
        Assert.That(results[0].ErrorMessage, Does.Contain("unknown placeholder '{{nope}}'"));
        Assert.That(KeyOf(nameof(SlackOptions.MessageTemplate)), Is.EqualTo("message_template"));
        Assert.That(KeyOf(nameof(SlackOptions.ReviewTemplate)), Is.EqualTo("review_template"));
    }

    [Test]
    public void Options_Defaults_ValidAndPointAtSlack()
    {
        var options = new SlackOptions { Token = "t" };

        Assert.That(options.Validate(new ValidationContext(options)), Is.Empty);
        Assert.That(options.ApiUrl, Is.EqualTo(new Uri("https://slack.com/api/")));
        Assert.That(KeyOf(nameof(SlackOptions.Token)), Is.EqualTo("token"));
        Assert.That(typeof(SlackOptions).GetProperty(nameof(SlackOptions.Token))!.GetCustomAttribute<SecretAttribute>(), Is.Not.Null);
    }

    [Test]
    public async Task Created_CustomTemplate_RendersIt()
    {
        await using var h = await StartAsync(configure: o => (o.MessageTemplate, o.StatusTemplate) = ("Access wanted by {{user}} for {{roles}}", "state: {{status}}"));

        await h.CreatedAsync(SampleRequests.Pending());

        Assert.That(h.Fake.RootMessages.Single().BlocksText, Is.EqualTo("Access wanted by alice@example.com for editor\nstate: ⏳ PENDING"));
    }

    private static string KeyOf(string property) =>
        typeof(SlackOptions).GetProperty(property)!.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name;
}
