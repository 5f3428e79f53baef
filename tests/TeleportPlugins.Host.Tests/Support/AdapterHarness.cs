using System.Globalization;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Runtime;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Builds an adapters directory from fixture outputs and starts adapters the way the host does.</summary>
internal sealed class AdapterHarness : IAsyncDisposable
{
    private readonly SimpleHttpClientFactory _http = new();
    private AdapterRuntime? _runtime;

    public AdapterHarness(TempDirectory temp)
    {
        Temp = temp;
        AdaptersDirectory = temp.Combine("adapters");
        Directory.CreateDirectory(AdaptersDirectory);
    }

    public TempDirectory Temp { get; }

    public string AdaptersDirectory { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public RecordingReviewService Reviews { get; } = new();

    public string Install(string fixtureProject, string folderName) =>
        Temp.CopyFolder(RepositoryPaths.Fixture(fixtureProject), Path.Combine("adapters", folderName));

    public IReadOnlyList<AdapterPackage> LoadAll() =>
        new AdapterLoader(Logs.CreateLogger<AdapterLoader>()).LoadAll(AdaptersDirectory);

    /// <summary>
    /// Writes a configuration file with a [teleport] section (key-pair form, with valid key pair files: check reads
    /// them) and the given text after it.
    /// </summary>
    public string WriteConfig(string body)
    {
        var cluster = new TestCluster("sim.example.com");
        TestIdentityFiles.WriteKeyPair(Temp.Path, cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), cluster);
        return Temp.WriteFile("teleport-plugins.toml", $"""
        [teleport]
        addr = "127.0.0.1:3025"
        client_key = "auth.key"
        client_crt = "auth.crt"
        root_cas = "auth.cas"

        [adapters]
        directory = "adapters"
        {body}
        """);
    }

    /// <summary>Installs fixture adapters (Fixture.AdapterA as fixture-a, ...), enables them, each writing to &lt;name&gt;.txt.</summary>
    public (HostSettings Settings, IReadOnlyList<ConfiguredAdapter> Configured) ConfigureFixtures(params string[] names)
    {
        var sections = new System.Text.StringBuilder();
        foreach (var name in names)
        {
            Install($"Fixture.Adapter{char.ToUpperInvariant(name[^1])}", name);
            sections.Append(CultureInfo.InvariantCulture, $"[{name}]\noutput = \"{Temp.Combine(name[^1] + ".txt")}\"\n");
        }

        var config = WriteConfig($"enabled = [{string.Join(", ", names.Select(n => $"\"{n}\""))}]\n{sections}");
        return ConfiguredHost.OpenValid(this, config);
    }

    /// <summary>The runtime of the last <see cref="StartAsync"/>.</summary>
    public AdapterRuntime Runtime => _runtime ?? throw new InvalidOperationException("not started");

    /// <summary>Creates the runtime without starting it (to subscribe first); <see cref="StartAsync"/> then uses it.</summary>
    public AdapterRuntime CreateRuntime(TimeProvider? time = null, ILoggerFactory? logs = null, Func<string, IOnBehalfReviewService>? onBehalfReviews = null) =>
        _runtime = new AdapterRuntime(logs ?? Logs, _http, time ?? TimeProvider.System, _ => Reviews, onBehalfReviews: onBehalfReviews);

    public async Task<IReadOnlyList<ActiveAdapter>> StartAsync(HostSettings settings, IReadOnlyList<ConfiguredAdapter> configured)
    {
        _runtime ??= CreateRuntime();
        return await _runtime.StartAsync(configured, settings, new ClusterInfo("sim.example.com", "proxy.example.com:443"), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        _http.Dispose();
    }
}
