using System.Text.Json;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Loading;

public sealed class AdapterLoaderTests
{
    [Test]
    public void LoadAll_TwoAdaptersWithDifferentVersionsOfOneLibrary_EachGetsItsOwnVersion()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");
        harness.Install("Fixture.AdapterB", "fixture-b");

        var packages = harness.LoadAll();

        Assert.That(packages.Select(p => (p.Name, p.IsLoaded)), Is.EqualTo(new[] { ("fixture-a", true), ("fixture-b", true) }));
        var libraries = packages
            .Select(p => p.Factory!.GetType().Assembly)
            .Select(a => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a)!.LoadFromAssemblyName(new System.Reflection.AssemblyName("Fixture.SharedLib")).GetName().Version)
            .ToArray();
        Assert.That(libraries, Is.EqualTo(new[] { new Version(1, 0, 0, 0), new Version(2, 0, 0, 0) }));
    }

    [Test]
    public void LoadAll_SharedAssemblies_ComeFromTheHost()
    {
        using var temp = new TempDirectory();
        var harness = new AdapterHarness(temp);
        harness.Install("Fixture.AdapterA", "fixture-a");

        var package = harness.LoadAll().Single();

        // The folder carries its own copy of the contracts; the host's copy must win, or the casts would fail.
        Assert.That(package.Factory, Is.InstanceOf<TeleportPlugins.Contracts.IAccessRequestAdapterFactory>());
        var contracts = package.Factory!.GetType().GetInterfaces().Single().Assembly;
        Assert.That(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(contracts), Is.SameAs(System.Runtime.Loader.AssemblyLoadContext.Default));
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
        Assert.That(refused.Error, Does.Contain("contract version 2.3").And.Contain("this host implements contract version 1.1"));
        Assert.That(packages.Single(p => p.Name == "fixture-b").IsLoaded, Is.True);
        var errors = harness.Logs.Messages(LogLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain(folder).And.Contain("2.3").And.Contain("1.1"));
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
    public void LoadAll_MissingDirectory_NoAdaptersAndAWarning()
    {
        using var temp = new TempDirectory();
        var logs = new RecordingLoggerProvider();

        var packages = new AdapterLoader(logs.CreateLogger<AdapterLoader>()).LoadAll(temp.Combine("nope"));

        Assert.That(packages, Is.Empty);
        Assert.That(logs.Messages(LogLevel.Warning).Single(), Does.Contain("nope"));
    }

    private static void RewriteManifest(string folder, string contractVersion)
    {
        var path = Path.Combine(folder, AdapterManifest.FileName);
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
        manifest["contractVersion"] = contractVersion;
        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
    }
}
