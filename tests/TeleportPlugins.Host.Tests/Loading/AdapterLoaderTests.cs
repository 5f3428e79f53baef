using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Loading;

public sealed class AdapterLoaderTests
{
    [Test]
    public async Task LoadAll_TwoAdaptersWithDifferentVersionsOfOneLibrary_EachSeesItsOwnVersion()
    {
        using var temp = new TempDirectory();
        using var http = new HttpClient();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        harness.Install("Fixture.AdapterB", "fixture-b");

        var packages = harness.LoadAll();

        Assert.That(packages.Select(p => (p.Name, p.IsLoaded)), Is.EqualTo(new[] { ("fixture-a", true), ("fixture-b", true) }));
        // Each adapter calls into the library: fixture-b fails if it is given version 1 (the host's or fixture-a's).
        var descriptions = new List<string>();
        foreach (var package in packages)
        {
            descriptions.Add((await CreateAdapter(package, http).CheckHealthAsync(CancellationToken.None)).Description);
        }

        Assert.That(descriptions, Is.EqualTo(new[] { "shared-lib 1", "shared-lib 2 (v2-only member)" }));
        var libraries = packages
            .Select(p => AssemblyLoadContext.GetLoadContext(p.Factory!.GetType().Assembly)!.Assemblies.Single(a => a.GetName().Name == "Fixture.SharedLib"))
            .ToList();
        Assert.That(libraries.Select(a => a.GetName().Version), Is.EqualTo(new[] { new Version(1, 0, 0, 0), new Version(2, 0, 0, 0) }));
        // The host carries version 1 as well; fixture-a still runs its own copy.
        Assert.That(libraries, Has.None.SameAs(typeof(Fixture.SharedLib.SharedLibrary).Assembly));
    }

    [TestCase(typeof(IAccessRequestAdapterFactory))]
    [TestCase(typeof(ILogger))]
    [TestCase(typeof(IServiceCollection))]
    [TestCase(typeof(ConfigurationKeyNameAttribute))]
    [TestCase(typeof(IHttpClientFactory))]
    public void LoadAll_TypeExchangedWithTheHost_IsTheHostsType(Type exchanged)
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var folder = harness.Install("Fixture.AdapterB", "fixture-b");
        var assemblyName = exchanged.Assembly.GetName();
        Assert.That(Path.Combine(folder, assemblyName.Name + ".dll"), Does.Exist, "the fixture carries its own copy, which must lose");

        var package = harness.LoadAll().Single();

        var context = AssemblyLoadContext.GetLoadContext(package.Factory!.GetType().Assembly)!;
        Assert.That(context, Is.Not.SameAs(AssemblyLoadContext.Default));
        Assert.That(context.LoadFromAssemblyName(assemblyName), Is.SameAs(exchanged.Assembly));
    }

    [Test]
    public void LoadAll_AdapterOptionsKeyNames_SeenByTheHostsBinder()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");

        var package = harness.LoadAll().Single();

        var property = package.Factory!.OptionsType.GetProperty("FailCreate")!;
        Assert.That(property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, Is.EqualTo("fail_create"));
    }

    [Test]
    public void LoadAll_OtherContractMajorVersion_RefusedNamingBothVersions()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var folder = harness.Install("Fixture.AdapterA", "fixture-a");
        RewriteManifest(folder, contractVersion: "2.3");
        harness.Install("Fixture.AdapterB", "fixture-b");

        var packages = harness.LoadAll();

        var refused = packages.Single(p => p.Name == "fixture-a");
        Assert.That(refused.IsLoaded, Is.False);
        Assert.That(refused.Error, Does.Contain("contract version 2.3").And.Contain($"this host implements contract version {ContractVersion.Current}"));
        Assert.That(packages.Single(p => p.Name == "fixture-b").IsLoaded, Is.True);
        var errors = harness.Logs.Messages(LogLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain(folder).And.Contain("2.3").And.Contain($"{ContractVersion.Major}.{ContractVersion.Minor}"));
    }

    [Test]
    public void LoadAll_FactoryConstructorThrows_ReportedOnceAndOthersLoad()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        var throwing = harness.Install("Fixture.ThrowingFactory", "fixture-throwing");

        var packages = harness.LoadAll();

        Assert.That(packages.Single(p => p.Name == "fixture-a").IsLoaded, Is.True);
        Assert.That(packages.Single(p => p.Name == "fixture-throwing").Error, Does.Contain("missing native dependency"));
        var errors = harness.Logs.Messages(LogLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain(throwing).And.Contain("missing native dependency"));
    }

    [Test]
    public void LoadAll_UnreadableDependencyFile_OneLineAndOthersLoad()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var folder = harness.Install("Fixture.AdapterA", "fixture-a");
        File.WriteAllText(Path.Combine(folder, "Fixture.AdapterA.deps.json"), "{ not json");
        harness.Install("Fixture.AdapterB", "fixture-b");

        var packages = harness.LoadAll();

        Assert.That(packages.Select(p => (p.Name, p.IsLoaded)), Is.EqualTo(new[] { ("fixture-a", false), ("fixture-b", true) }));
        var error = harness.Logs.Messages(LogLevel.Error).Single();
        Assert.That(error, Does.Contain(folder).And.Contain("its dependencies cannot be resolved").And.Contain("Fixture.AdapterA.deps.json"));
        Assert.That(error, Does.Not.Contain("\n"));
    }

    [TestCase(null, "no adapter.json")]
    [TestCase("{ \"name\": \"x\" ", "not valid JSON")]
    [TestCase("{ \"name\": \"fixture-a\", \"version\": \"1\" }", "lacks contractVersion, entryAssembly")]
    [TestCase("{ \"name\": \"fixture-a\", \"version\": \"1\", \"contractVersion\": \"1.0\", \"entryAssembly\": \"Missing.dll\" }", "Missing.dll named in adapter.json is not in the folder")]
    [TestCase("{ \"name\": \"other\", \"version\": \"1\", \"contractVersion\": \"1.0\", \"entryAssembly\": \"Fixture.AdapterA.dll\" }", "named 'fixture-a' but adapter.json says 'other'")]
    [TestCase("{ \"name\": \"fixture-a\", \"version\": \"1\", \"contractVersion\": \"one\", \"entryAssembly\": \"Fixture.AdapterA.dll\" }", "is not major.minor")]
    public void LoadAll_BrokenManifest_ClearReason(string? manifest, string expected)
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var folder = harness.Install("Fixture.AdapterA", "fixture-a");
        var path = Path.Combine(folder, AdapterManifest.FileName);
        if (manifest is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, manifest);
        }

        var package = harness.LoadAll().Single();

        Assert.That(package.IsLoaded, Is.False);
        Assert.That(package.Error, Does.Contain(expected));
    }

    [Test]
    public void LoadEnabled_OthersInstalled_ListedByNameButNeitherLoadedNorLogged()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var enabled = harness.Install("Fixture.AdapterA", "fixture-a");
        string[] others = [harness.Install("Fixture.AdapterB", "fixture-b"), harness.Install("Fixture.ThrowingFactory", "fixture-throwing")];

        var packages = new AdapterLoader(harness.Logs.CreateLogger<AdapterLoader>()).LoadEnabled(harness.AdaptersDirectory, ["FIXTURE-A"]);

        Assert.That(
            packages.Select(p => (p.Name, p.Manifest?.Version, p.IsLoaded, p.Error)),
            Is.EqualTo(new[] { ("fixture-a", "1.0.1", true, null), ("fixture-b", "1.0.2", false, null), ("fixture-throwing", "1.0.0", false, (string?)null) }));
        Assert.That(harness.Logs.Messages(LogLevel.Information), Is.EqualTo(new[] { $"Loaded adapter fixture-a 1.0.1 from {enabled}" }));
        Assert.That(AssembliesLoadedFrom(enabled), Is.Not.Empty);
        Assert.That(others.SelectMany(AssembliesLoadedFrom), Is.Empty);
    }

    [Test]
    public void LoadEnabled_EnabledFolderFails_OneErrorLine()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        var throwing = harness.Install("Fixture.ThrowingFactory", "fixture-throwing");

        var package = new AdapterLoader(harness.Logs.CreateLogger<AdapterLoader>()).LoadEnabled(harness.AdaptersDirectory, ["fixture-throwing"]).Single();

        Assert.That(package.Error, Does.Contain("missing native dependency"));
        var lines = harness.Logs.Lines.Where(line => line.Level >= LogLevel.Information).ToList();
        Assert.That(lines.Select(line => line.Level), Is.EqualTo(new[] { LogLevel.Error }));
        Assert.That(lines[0].Message, Does.Contain(throwing).And.Contain("missing native dependency"));
    }

    [Test]
    public void LoadAll_MissingDirectory_NoAdaptersAndAWarning()
    {
        using var temp = new TempDirectory();
        var logs = new RecordingLoggerProvider();

        var packages = new AdapterLoader(logs.CreateLogger<AdapterLoader>()).LoadAll(temp.Combine("nope"));

        Assert.That(packages, Is.Empty);
        Assert.That(logs.Messages(LogLevel.Warning).Single(), Does.Contain("nope"));
    }

    private static IAccessRequestAdapter CreateAdapter(AdapterPackage package, HttpClient http)
    {
        var factory = package.Factory!;
        var context = new AdapterContext
        {
            Name = factory.Name,
            Logger = NullLogger.Instance,
            HttpClient = http,
            TimeProvider = TimeProvider.System,
            Reviews = new RecordingReviewService(),
        };
        return factory.Create(context, Activator.CreateInstance(factory.OptionsType)!);
    }

    /// <summary>The files of every assembly loaded in this process, in any load context, from the folder.</summary>
    internal static IEnumerable<string> AssembliesLoadedFrom(string folder) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => !assembly.IsDynamic)
            .Select(assembly => assembly.Location)
            .Where(location => location.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private static void RewriteManifest(string folder, string contractVersion)
    {
        var path = Path.Combine(folder, AdapterManifest.FileName);
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
        manifest["contractVersion"] = contractVersion;
        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
    }
}
