using System.Text.Json;
using System.Text.RegularExpressions;
using TeleportPlugins.Adapters.Email.Tests.Support;
using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Contracts;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Email;

/// <summary>
/// The e-mail adapter end to end: the simulator, two real host replicas, and the mail actually delivered — over SMTP to
/// the real test SMTP server (STARTTLS with its own CA, AUTH), or through the Mailgun fake. Requests are approved by two
/// reviews, denied, or left to expire, with the watch streams dropped halfway. Each recipient must get one thread per
/// request (one first e-mail, then exactly one reply per review and one for the outcome, all In-Reply-To that first
/// e-mail) and the requester one notice of the outcome; nothing else may arrive. The adapter has neither on-call
/// auto-approval nor approve-from-tool webhooks, so there is nothing more to drive end to end.
/// </summary>
public sealed class EmailEndToEndTests
{
    private const string Sender = "teleport@example.com";
    private const string DevManager = "dev-manager@example.com";
    private const string SuggestedReviewer = "carol@example.com";
    private const string SmtpUser = "teleport@example.com";
    private const string SmtpPassword = "e2e-smtp-pa55word";
    private const int RequestCount = 21;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Test]
    public async Task TwoReplicas_SmtpRequestsApprovedDeniedExpiredWithWatchDrop_OneThreadPerRecipientOneReplyPerStep()
    {
        await using var smtp = await SmtpTestServer.StartAsync(startTls: true, SmtpUser, SmtpPassword);
        var section = $"""
            [email.smtp]
            host = "{smtp.Host}"
            port = {smtp.Port}
            username = "{SmtpUser}"
            password = "{SmtpPassword}"
            starttls_policy = "mandatory"
            ca_file = {JsonSerializer.Serialize(smtp.CaFile)}
            """;

        var sent = await RunScenarioAsync(section, () => [.. smtp.Messages.Select(Mail.Of)]);

        var delivered = smtp.Messages;
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Select(m => m.Tls), Is.All.True, "every session upgraded with STARTTLS");
            Assert.That(delivered.Select(m => m.AuthenticatedAs), Is.All.EqualTo(SmtpUser), "every session authenticated");
            Assert.That(delivered.Select(m => m.MailFrom), Is.All.EqualTo(Sender));
            Assert.That(delivered.Select(m => m.RcptTos.Count), Is.All.EqualTo(1), "one recipient per e-mail");
            Assert.That(delivered.Select(m => m.Header("References")), Is.EqualTo(delivered.Select(m => m.Header("In-Reply-To"))), "References repeats In-Reply-To");
            Assert.That(sent.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(sent.Count), "every Message-ID unique");
        });
    }

    [Test]
    public async Task TwoReplicas_MailgunRequestsApprovedDeniedExpiredWithWatchDrop_OneThreadPerRecipientOneReplyPerStep()
    {
        await using var mailgun = await MailgunApiFake.StartAsync();
        var section = $"""
            [email.mailgun]
            domain = "{mailgun.Domain}"
            private_key = "{mailgun.ApiKey}"
            api_url = "{mailgun.ApiUrl}"
            """;

        var sent = await RunScenarioAsync(section, () => [.. mailgun.Messages.Select(Mail.Of)]);

        var accepted = mailgun.Messages;
        Assert.Multiple(() =>
        {
            Assert.That(accepted.Select(m => m.From), Is.All.EqualTo(Sender));
            Assert.That(accepted.Select(m => m.References), Is.EqualTo(accepted.Select(m => m.InReplyTo)), "h:References repeats h:In-Reply-To");
            Assert.That(mailgun.Server.Unmatched.Select(r => $"{r.Method} {r.Path}"), Is.Empty, "no call the fake does not know");
            Assert.That(mailgun.Server.RequestsTo("POST", mailgun.MessagesPath), Has.Count.EqualTo(accepted.Count), "every send accepted the first time, none repeated");
        });
    }

    /// <summary>
    /// Runs the scenario against two replicas configured with <paramref name="transportSection"/> and checks what
    /// <paramref name="read"/> reports the tool received; returns the messages for transport-specific checks.
    /// </summary>
    private static async Task<IReadOnlyList<Mail>> RunScenarioAsync(string transportSection, Func<IReadOnlyList<Mail>> read)
    {
        await using var cluster = await EndToEndCluster.StartAsync();
        cluster.InstallShippedAdapter("email");
        var sections = $"""
            [role_to_recipients]
            "dev" = "{DevManager}"
            "*" = "root@example.com"

            [email]
            timeout = "20s"

            {transportSection}

            [email.delivery]
            sender = "{Sender}"
            """;
        EndToEndCluster.Replica[] replicas =
        [
            await cluster.StartReplicaAsync("a", ["email"], sections),
            await cluster.StartReplicaAsync("b", ["email"], sections),
        ];

        // Every third request is approved by bob and carol, the next denied by bob, the next left to expire.
        var outcomes = new Dictionary<string, Outcome>();
        var requesters = new Dictionary<string, string>();
        for (var i = 0; i < RequestCount; i++)
        {
            var outcome = (Outcome)(i % 3);
            var requester = $"user{i}@example.com";
            var id = cluster.Server.CreateRequest(new NewAccessRequest
            {
                User = requester,
                Roles = ["dev"],
                Reason = $"e2e request {i}",
                SuggestedReviewers = [SuggestedReviewer, "bob"],
                Thresholds = [new ReviewThresholdSpec { Approve = 2, Deny = 1 }],
                Ttl = outcome == Outcome.Expired ? TimeSpan.FromSeconds(6) : null,
            }).Id;
            outcomes[id] = outcome;
            requesters[id] = requester;
            if (i == RequestCount / 2)
            {
                cluster.Server.DropWatchStreams();
            }
        }

        foreach (var (id, outcome) in outcomes)
        {
            if (outcome == Outcome.Approved)
            {
                cluster.Server.SubmitReview(id, "bob", AccessRequestState.Approved, "fine by me");
                cluster.Server.SubmitReview(id, "carol", AccessRequestState.Approved, "fine by me too");
            }
            else if (outcome == Outcome.Denied)
            {
                cluster.Server.SubmitReview(id, "bob", AccessRequestState.Denied, "not now");
            }
        }

        var expected = outcomes.ToDictionary(o => o.Key, o => Expected(o.Value, requesters[o.Key]));
        var total = expected.Values.Sum(e => e.Count);
        await WaitAsync(() => read().Count >= total, () => $"{read().Count} of {total} e-mails sent");

        // Late duplicates from either replica would arrive now.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var mails = read();
        var subjects = outcomes.Keys.ToDictionary(id => $"{cluster.Server.ClusterName} Role Request {id}", id => id);
        Assert.Multiple(() =>
        {
            foreach (var (id, outcome) in outcomes)
            {
                var request = cluster.Server.GetRequest(id);
                if (outcome != Outcome.Expired)
                {
                    Assert.That(request?.State, Is.EqualTo(outcome == Outcome.Approved ? AccessRequestState.Approved : AccessRequestState.Denied), $"{id} in the simulator");
                }

                var mine = mails.Where(m => m.Subject == $"{cluster.Server.ClusterName} Role Request {id}").ToList();
                Assert.That(Describe(mine), Is.EquivalentTo(expected[id]), $"the e-mails about {id} ({outcome})");
            }

            Assert.That(mails.Where(m => !subjects.ContainsKey(m.Subject)).Select(m => $"{m.To}: {m.Subject}"), Is.Empty, "e-mails about no request made");
            Assert.That(mails, Has.Count.EqualTo(total), "no e-mail more than expected");
        });
        foreach (var replica in replicas)
        {
            var log = replica.Log;
            TestContext.Progress.WriteLine(
                $"replica {replica.Name}: {Count(log, "Sent request ")} first e-mails, {Count(log, "Replied (")} replies, {Count(log, "Notified requester ")} notices, {Count(log, "Could not e-mail ")} failed deliveries");
        }

        return mails;
    }

    private static int Count(string log, string text) => log.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>What each request must produce: "recipient|kind" for every e-mail.</summary>
    private static List<string> Expected(Outcome outcome, string requester)
    {
        var replies = outcome switch
        {
            Outcome.Approved => new[] { "reply review bob APPROVED", "reply review carol APPROVED", "reply resolved APPROVED" },
            Outcome.Denied => ["reply review bob DENIED", "reply resolved DENIED"],
            _ => ["reply expired"],
        };
        var result = new List<string>();
        foreach (var recipient in new[] { DevManager, SuggestedReviewer })
        {
            result.Add($"{recipient}|first");
            result.AddRange(replies.Select(r => $"{recipient}|{r}"));
        }

        if (outcome != Outcome.Expired)
        {
            result.Add($"{requester}|notice {(outcome == Outcome.Approved ? "APPROVED" : "DENIED")}");
        }

        return result;
    }

    /// <summary>
    /// Each e-mail as "recipient|kind": a first e-mail or notice (no In-Reply-To), or a reply — marked when it is not
    /// In-Reply-To the recipient's single first e-mail.
    /// </summary>
    private static List<string> Describe(IReadOnlyList<Mail> mails)
    {
        var firsts = mails.Where(m => m.InReplyTo is null && Kind(m.Body) == "first").ToLookup(m => m.To.ToLowerInvariant(), m => m.MessageId);
        return [.. mails.Select(m =>
        {
            var kind = Kind(m.Body);
            if (m.InReplyTo is null)
            {
                return $"{m.To}|{kind}";
            }

            var threaded = firsts[m.To.ToLowerInvariant()].ToList() is [var first] && first == m.InReplyTo;
            return $"{m.To}|reply {kind}{(threaded ? string.Empty : $" outside the thread (In-Reply-To {m.InReplyTo})")}";
        })];
    }

    private static string Kind(string body)
    {
        var status = body.Contains("APPROVED", StringComparison.Ordinal) ? "APPROVED" : body.Contains("DENIED", StringComparison.Ordinal) ? "DENIED" : "?";
        if (body.StartsWith("You have a new Role Request:", StringComparison.Ordinal))
        {
            return "first";
        }

        if (Regex.Match(body, @"^(\S+) reviewed the request at ") is { Success: true } review)
        {
            return $"review {review.Groups[1].Value} {status}";
        }

        if (body.StartsWith("Role Request has been resolved:", StringComparison.Ordinal))
        {
            return $"resolved {status}";
        }

        if (body.StartsWith("Role Request has expired:", StringComparison.Ordinal))
        {
            return "expired";
        }

        if (body.StartsWith("Your Role Request has been ", StringComparison.Ordinal))
        {
            return $"notice {status}";
        }

        return "unknown: " + body.Split('\n')[0];
    }

    private static Task WaitAsync(Func<bool> condition, Func<string> progress) => Eventually.HoldsAsync(condition, Patience, progress);

    private enum Outcome
    {
        Approved,
        Denied,
        Expired,
    }

    /// <summary>One e-mail in either tool's terms, ids without angle brackets.</summary>
    private sealed record Mail(string To, string Subject, string MessageId, string? InReplyTo, string Body)
    {
        public static Mail Of(DeliveredEmail email) =>
            new(email.RcptTos.Single(), email.Header("Subject") ?? string.Empty, Bare(email.Header("Message-ID"))!, Bare(email.Header("In-Reply-To")), email.Body.ReplaceLineEndings("\n"));

        public static Mail Of(MailgunSentMessage message) =>
            new(message.To, message.Subject, Bare(message.Id)!, Bare(message.InReplyTo), message.Text.ReplaceLineEndings("\n"));

        private static string? Bare(string? id) => id?.Trim().TrimStart('<').TrimEnd('>');
    }
}
