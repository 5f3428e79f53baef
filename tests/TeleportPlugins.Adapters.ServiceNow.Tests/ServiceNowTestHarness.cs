using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Contracts;
using TeleportPlugins.Fakes.ServiceNow;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

/// <summary>A ServiceNow fake plus an adapter created through the factory, as the host would.</summary>
internal sealed class ServiceNowTestHarness : IAsyncDisposable
{
    public const string RequestId = "5d8d7c6b-0000-4000-8000-000000000001";

    private ServiceNowTestHarness(ServiceNowApiFake serviceNow, ServiceNowOptions options, FakeTimeProvider clock, string? proxy)
    {
        ServiceNow = serviceNow;
        Options = options;
        Clock = clock;
        Host = new AdapterTestContext("servicenow", clock, proxyAddress: proxy);
        Adapter = new ServiceNowAdapterFactory().Create(Host.Context, options);
    }

    public ServiceNowApiFake ServiceNow { get; }

    public ServiceNowOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public AdapterTestContext Host { get; }

    public IAccessRequestAdapter Adapter { get; }

    public IOnCallApprover Approver => (IOnCallApprover)Adapter;

    public string BasicHeader => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ServiceNow.Username}:{ServiceNow.Password}"));

    public static async Task<ServiceNowTestHarness> StartAsync(Action<ServiceNowOptions>? configure = null, string? proxy = "teleport.example.com:443")
    {
        var serviceNow = await ServiceNowApiFake.StartAsync();
        var options = new ServiceNowOptions
        {
            Url = serviceNow.BaseAddress,
            Username = serviceNow.Username,
            Password = serviceNow.Password,
        };
        configure?.Invoke(options);
        return new ServiceNowTestHarness(serviceNow, options, new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 30, 15, TimeSpan.Zero)), proxy);
    }

    /// <summary>Another replica: a second adapter instance on the same ServiceNow.</summary>
    public IAccessRequestAdapter CreateReplica(AdapterTestContext context) => new ServiceNowAdapterFactory().Create(context.Context, Options);

    public static AccessRequestSnapshot Request(string id = RequestId, string? proxy = "teleport.example.com:443") => new()
    {
        Id = id,
        Cluster = "teleport.example.com",
        User = "alice",
        Roles = ["dba", "auditor"],
        Reason = "Investigating incident INC-42",
        SuggestedReviewers = ["bob", "carol"],
        Created = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero),
        WebUiLink = proxy is null ? null : new Uri($"https://{proxy}/web/requests/{id}"),
    };

    public static AccessRequestSnapshot Resolved(AccessRequestSnapshot request, AccessRequestState state, string reason = "") =>
        request with { State = state, ResolveReason = reason };

    public static AccessRequestSnapshot WithRotas(AccessRequestSnapshot request, params string[] rotas) =>
        request with { SystemAnnotations = new Dictionary<string, IReadOnlyList<string>> { ["teleport.dev/schedules"] = rotas } };

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await ServiceNow.DisposeAsync();
    }
}
