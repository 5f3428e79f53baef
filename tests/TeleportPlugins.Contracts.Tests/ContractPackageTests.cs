using System.Diagnostics;
using System.IO.Compression;

namespace TeleportPlugins.Contracts.Tests;

public sealed class ContractPackageTests
{
    [Test]
    public void AssemblyVersion_CarriesTheContractVersion()
    {
        var version = typeof(IAccessRequestAdapter).Assembly.GetName().Version!;

        Assert.That((version.Major, version.Minor), Is.EqualTo((ContractVersion.Major, ContractVersion.Minor)));
    }

    [Test]
    public void Assembly_DependsOnNoProtobufAndNoHost()
    {
        var references = typeof(IAccessRequestAdapter).Assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.That(references, Has.None.Contains("Protobuf").And.None.Contains("TeleportPlugins.Host").And.None.Contains("Grpc"));
        Assert.That(references.Where(r => !r.StartsWith("System", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "Microsoft.Extensions.Logging.Abstractions" }).Or.EquivalentTo(new[] { "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Configuration.Abstractions" }));
    }

    [Test]
    public async Task Pack_YieldsANuGetPackageWithReadmeAndDocs()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Plugins.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Plugins.sln not found");
        }

        var output = Path.Combine(Path.GetTempPath(), "tp-pack", Guid.NewGuid().ToString("N"));
        var project = Path.Combine(root, "contracts", "TeleportPlugins.Contracts", "TeleportPlugins.Contracts.csproj");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["pack", project, "-o", output, "--nologo", "-v", "quiet", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.That(process.ExitCode, Is.Zero, await log);

        var package = Directory.GetFiles(output, "TeleportPlugins.Contracts.*.nupkg").Single();
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("README.md").And.Contain("lib/net10.0/TeleportPlugins.Contracts.dll").And.Contain("lib/net10.0/TeleportPlugins.Contracts.xml"));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = await nuspec.ReadToEndAsync();
        Assert.That(text, Does.Not.Contain("Protobuf").And.Contain("Microsoft.Extensions.Logging.Abstractions"));
        Directory.Delete(output, recursive: true);
    }
}
