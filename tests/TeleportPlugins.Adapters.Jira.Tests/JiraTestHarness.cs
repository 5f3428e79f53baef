using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.Jira;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Jira.Tests;

/// <summary>A Jira fake plus an adapter created through the factory, as the host would.</summary>
internal sealed class JiraTestHarness : IAsyncDisposable
{
    public const string WebhookSecret = "hook-s3cr3t-value";

    private JiraTestHarness(JiraApiFake jira, JiraOptions options, FakeTimeProvider clock, string? proxy)
    {
        Jira = jira;
        Options = options;
        Clock = clock;
        Host = new AdapterTestContext("jira", clock, proxyAddress: proxy);
        Adapter = new JiraAdapterFactory().Create(Host.Context, options);
    }

    public JiraApiFake Jira { get; }

    public JiraOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public AdapterTestContext Host { get; }

    public IAccessRequestAdapter Adapter { get; }

    public static async Task<JiraTestHarness> StartAsync(Action<JiraOptions>? configure = null, bool bearer = false, string? proxy = "teleport.example.com:443")
    {
        var jira = await JiraApiFake.StartAsync(bearer: bearer);
        var options = OptionsFor(jira);
        configure?.Invoke(options);
        return new JiraTestHarness(jira, options, new FakeTimeProvider(), proxy);
    }

    /// <summary>Options that point at <paramref name="jira"/> with its credentials (bearer when the fake models Data Center).</summary>
    public static JiraOptions OptionsFor(JiraApiFake jira) => new()
    {
        Url = jira.BaseAddress,
        Auth = jira.Bearer ? JiraAuthMethod.Bearer : JiraAuthMethod.Basic,
        Username = jira.Bearer ? string.Empty : jira.Bot.Email,
        ApiToken = jira.Token,
        Project = jira.Project,
    };

    /// <summary>The adapter in the host-like step harness; Jira's clock follows the host's, a second on for each step.</summary>
    public static AdapterHarness StepHarness(JiraApiFake jira, FakeTimeProvider clock) =>
        new(new JiraAdapterFactory(), OptionsFor(jira), clock, AdapterHarness.Recipients(), beforeEachStep: () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            jira.Now = clock.GetUtcNow();
        });

    /// <summary>A second replica: another adapter instance on the same Jira.</summary>
    public IAccessRequestAdapter CreateReplica(AdapterTestContext context) => new JiraAdapterFactory().Create(context.Context, Options);

    public static AccessRequestSnapshot Request(string id = "5d8d7c6b-0000-4000-8000-000000000001", string? proxy = "teleport.example.com:443") => new()
    {
        Id = id,
        Cluster = "teleport.example.com",
        User = "alice@example.com",
        Roles = ["dba", "auditor"],
        Resources = [new RequestedResource("teleport.example.com", "node", "db-1")],
        Reason = "Investigating incident INC-42",
        Created = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero),
        WebUiLink = proxy is null ? null : new Uri($"https://{proxy}/web/requests/{id}"),
    };

    public static AccessRequestSnapshot Resolved(AccessRequestSnapshot request, AccessRequestState state, string reason = "") =>
        request with { State = state, ResolveReason = reason };

    public static byte[] WebhookBody(FakeJiraIssue issue, string status, string webhookEvent = "jira:issue_updated") =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["timestamp"] = 1_764_000_000_000,
            ["webhookEvent"] = webhookEvent,
            ["issue_event_type_name"] = "issue_generic",
            ["user"] = new JsonObject { ["accountId"] = "someone" },
            ["issue"] = new JsonObject
            {
                ["id"] = issue.Id,
                ["key"] = issue.Key,
                ["fields"] = new JsonObject { ["status"] = new JsonObject { ["name"] = status } },
            },
            ["changelog"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["field"] = "status", ["toString"] = status }) },
        }.ToJsonString());

    public static Dictionary<string, string> Signed(byte[] body, string secret = WebhookSecret) => new()
    {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)),
    };

    /// <summary>Runs <paramref name="work"/>, moving the fake clock whenever the adapter waits on it.</summary>
    public async Task<T> WithClockAsync<T>(Func<Task<T>> work, TimeSpan step)
    {
        var task = work();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (Clock.ActiveTimers > 0)
            {
                Clock.Advance(step);
            }
            else
            {
                await Task.Delay(5);
            }
        }

        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Jira.DisposeAsync();
    }
}
