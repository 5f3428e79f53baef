using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TeleportPlugins.Host.Tests.Deploy;

/// <summary>
/// host/deploy/kubernetes: the manifests parse, the Deployment's probes and port are the ones the host serves with the
/// ConfigMap's configuration, and that configuration passes <c>check</c> with every mounted file where the Deployment
/// mounts it (the mount paths mapped to a temporary folder, the image's adapters to the build's).
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string ImageAdaptersDirectory = "/app/adapters";
    private static readonly string ManifestFolder = Path.Combine(RepositoryPaths.Root, "host", "deploy", "kubernetes");

    [Test]
    public void Kustomization_ListsEveryManifest()
    {
        var kustomization = LoadDocuments("kustomization.yaml").Single();
        var manifests = Directory.GetFiles(ManifestFolder, "*.yaml").Select(Path.GetFileName).Where(n => n != "kustomization.yaml");

        Assert.That(List(kustomization, "resources").Cast<string>(), Is.EquivalentTo(manifests));
    }

    [Test]
    public void Deployment_TwoReplicasNonRootReadOnlyRoot_WritesOnlyToEmptyDirs()
    {
        var deployment = Manifest("Deployment");
        var pod = Map(Map(deployment, "spec"), "template");
        var podSpec = Map(pod, "spec");
        var container = Container(deployment);
        var volumes = List(podSpec, "volumes").Cast<Dictionary<object, object>>().ToDictionary(v => (string)v["name"]);
        var writable = List(container, "volumeMounts").Cast<Dictionary<object, object>>()
            .Where(m => !m.TryGetValue("readOnly", out var readOnly) || !bool.Parse((string)readOnly))
            .Select(m => (string)m["name"]);
        var budget = Manifest("PodDisruptionBudget");

        Assert.That(Map(deployment, "spec")["replicas"], Is.EqualTo("2"));
        Assert.That(Map(podSpec, "securityContext")["runAsNonRoot"], Is.EqualTo("true"));
        Assert.That(Map(container, "securityContext")["readOnlyRootFilesystem"], Is.EqualTo("true"));
        Assert.That(Map(container, "securityContext")["allowPrivilegeEscalation"], Is.EqualTo("false"));
        Assert.That(writable, Is.Not.Empty);
        Assert.That(writable.Select(name => volumes[name].ContainsKey("emptyDir")), Is.All.True);
        Assert.That(Map(Map(budget, "spec"), "selector")["matchLabels"], Is.EqualTo(Map(pod, "metadata")["labels"]));
        Assert.That(Map(budget, "spec")["minAvailable"], Is.EqualTo("1"));
    }

    [Test]
    public async Task ConfigMapConfiguration_MountedAsTheDeploymentMountsIt_PassesCheckAndProbesMatchTheListener()
    {
        using var temp = new TempDirectory();
        var deployment = Manifest("Deployment");
        var container = Container(deployment);
        var configText = MountVolumes(temp, deployment, Manifest("ConfigMap"));
        var args = List(container, "args").Cast<string>().ToArray();
        var configPath = Local(temp, args[Array.IndexOf(args, "-c") + 1]);
        args[Array.IndexOf(args, "-c") + 1] = configPath;
        Assert.That(args[0], Is.EqualTo("start"));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["check", .. args[1..]], output, error, CancellationToken.None);

        Assert.That(code, Is.Zero, error.ToString());
        Assert.That(output.ToString(), Does.Contain("configuration OK; 1 adapter(s) enabled: slack"));
        Assert.That(configText, Does.Contain("refresh_identity = true"));

        var session = ConfigurationSession.Open(configPath, new RecordingLoggerProvider());
        var listenerPort = session.Settings!.Http.ParseEndpoint().Port;
        var containerPort = List(container, "ports").Cast<Dictionary<object, object>>().Single();
        var annotations = Map(Map(Map(Map(deployment, "spec"), "template"), "metadata"), "annotations");
        Assert.That(int.Parse((string)containerPort["containerPort"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(listenerPort));
        Assert.That(annotations["prometheus.io/port"], Is.EqualTo(listenerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(annotations["prometheus.io/path"], Is.EqualTo("/metrics"));
        var probes = new[] { "livenessProbe", "readinessProbe" }.ToDictionary(p => p, p => Map(Map(container, p), "httpGet"));
        Assert.That(probes.Values.Select(p => p["port"]), Is.All.EqualTo(listenerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(probes["livenessProbe"]["path"], Is.EqualTo("/healthz"));
        Assert.That(probes["readinessProbe"]["path"], Is.EqualTo("/readyz"));

        // The host answers both paths: alive while nothing has started, not ready before the watch's INIT.
        var options = new HttpOptions { ListenAddress = "127.0.0.1:0" };
        await using var server = new InboundHttpServer(options, new InboundRouteTable(options), new HostReadiness(), new HostMetrics(), new RecordingLoggerProvider().CreateLogger<InboundHttpServer>());
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var liveness = await http.GetAsync(new Uri((string)probes["livenessProbe"]["path"], UriKind.Relative));
        using var readiness = await http.GetAsync(new Uri((string)probes["readinessProbe"]["path"], UriKind.Relative));
        Assert.That(liveness.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(readiness.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    /// <summary>
    /// Writes what each volume of the Deployment holds under <paramref name="temp"/> at its mount path: the
    /// ConfigMap's files (paths rewritten), and for Secrets the files the configuration names (an identity file for
    /// <c>[teleport] identity</c>, a token for the others). Returns the configuration as the ConfigMap holds it.
    /// </summary>
    private static string MountVolumes(TempDirectory temp, Dictionary<object, object> deployment, Dictionary<object, object> configMap)
    {
        var data = Map(configMap, "data");
        var configText = (string)data["teleport-plugins.toml"];
        var mountPaths = List(Container(deployment), "volumeMounts").Cast<Dictionary<object, object>>().Select(m => (string)m["mountPath"]).ToList();
        var cluster = new TestCluster("teleport.example.com");
        var identity = Regex.Match(configText, "^identity = \"([^\"]+)\"", RegexOptions.Multiline).Groups[1].Value;
        foreach (Match quoted in Regex.Matches(configText, "\"(/[^\"]+)\""))
        {
            var path = quoted.Groups[1].Value;
            if (!mountPaths.Any(m => path.StartsWith(m + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var content = path == identity
                ? TestIdentityFiles.IdentityFileText(cluster.IssueClient("teleport-plugins", TestKeyFormat.EcPkcs8, DateTimeOffset.UtcNow), cluster)
                : "test-token-" + Guid.NewGuid().ToString("N");
            WriteAt(temp, path, content);
        }

        var configMount = (string)List(Container(deployment), "volumeMounts").Cast<Dictionary<object, object>>().Single(m => (string)m["name"] == "config")["mountPath"];
        foreach (var (file, text) in data)
        {
            var localText = Regex.Replace((string)text, "\"(/[^\"]+)\"", quoted => quoted.Groups[1].Value switch
            {
                ImageAdaptersDirectory => $"\"{Path.Combine(RepositoryPaths.Artifacts, "adapters")}\"",
                var path when mountPaths.Any(m => path.StartsWith(m + "/", StringComparison.Ordinal)) => $"\"{Local(temp, path)}\"",
                _ => quoted.Value,
            });
            WriteAt(temp, $"{configMount}/{file}", localText);
        }

        return configText;
    }

    private static string Local(TempDirectory temp, string podPath) => temp.Combine("pod" + podPath);

    private static void WriteAt(TempDirectory temp, string podPath, string content)
    {
        var local = Local(temp, podPath);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllText(local, content);
    }

    private static Dictionary<object, object> Container(Dictionary<object, object> deployment) =>
        (Dictionary<object, object>)List(Map(Map(Map(deployment, "spec"), "template"), "spec"), "containers").Single();

    private static Dictionary<object, object> Manifest(string kind) =>
        Directory.GetFiles(ManifestFolder, "*.yaml").SelectMany(f => LoadDocuments(Path.GetFileName(f))).Single(d => d.TryGetValue("kind", out var k) && (string)k == kind);

    private static List<Dictionary<object, object>> LoadDocuments(string fileName)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(Path.Combine(ManifestFolder, fileName))));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        }

        return documents;
    }

    private static Dictionary<object, object> Map(Dictionary<object, object> node, string key) => (Dictionary<object, object>)node[key];

    private static List<object> List(Dictionary<object, object> node, string key) => (List<object>)node[key];
}
