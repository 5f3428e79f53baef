using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json;

namespace TeleportPlugins.EndToEnd.Tests.Release;

/// <summary>
/// The release folder and archive host/deploy/release.sh produces (README "Installing a release"), used as a user
/// would: the commands run from the published folder, with the adapters found in its default directory.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ReleaseFolderTests
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(1);

    [Test]
    public void Release_ThisMachinesRuntime_FolderHoldsExecutableAdaptersExampleAndUnit()
    {
        var folder = PublishedRelease.Folder;

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(PublishedRelease.Executable) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
            Assert.That(File.Exists(Path.Combine(folder, "teleport-plugins.dll")), Is.True);
            Assert.That(Directory.EnumerateFiles(folder, "libcoreclr.so").Any(), Is.True, "self-contained: the runtime is in the folder");
            Assert.That(Directory.GetDirectories(Path.Combine(folder, "adapters")).Select(Path.GetFileName), Is.EquivalentTo(PublishedRelease.ShippedAdapters));
            Assert.That(File.Exists(Path.Combine(folder, "teleport-plugins.service")), Is.True);
            Assert.That(File.Exists(Path.Combine(folder, "Containerfile")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(folder, "teleport-plugins.example.toml")), Does.Contain("[teleport]").And.Contain("[slack]"));
            Assert.That(Directory.EnumerateFiles(folder, "*.pdb", SearchOption.AllDirectories), Is.Empty);
        });
        foreach (var adapter in PublishedRelease.ShippedAdapters)
        {
            Assert.That(File.Exists(Path.Combine(folder, "adapters", adapter, "adapter.json")), Is.True, adapter);
        }
    }

    [Test]
    public async Task Release_ThisMachinesRuntime_ArchiveHoldsTheFolderWithTheExecutableMode()
    {
        var folderName = Path.GetFileName(PublishedRelease.Folder);
        var entries = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        await using (var file = File.OpenRead(Path.Combine(PublishedRelease.Output, folderName + ".tar.gz")))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                entries[entry.Name.TrimEnd('/')] = entry.Mode;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(entries.Keys, Has.All.StartWith(folderName));
            Assert.That(entries[$"{folderName}/teleport-plugins"] & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
            Assert.That(entries.Keys, Does.Contain($"{folderName}/adapters/slack/adapter.json"));
            Assert.That(entries.Keys, Does.Contain($"{folderName}/teleport-plugins.example.toml"));
            Assert.That(entries.Keys, Does.Contain($"{folderName}/teleport-plugins.service"));
        });
    }

    [Test]
    public async Task Version_FromReleaseFolder_PrintsTheHostVersion()
    {
        var (exitCode, output, error) = await Command.RunAsync(PublishedRelease.Executable, ["version"], CommandLimit);

        Assert.That(exitCode, Is.Zero, output + error);
        Assert.That(output, Does.Contain(PublishedRelease.Version));
    }

    [Test]
    public async Task AdaptersList_FromReleaseFolder_LoadsEveryShippedAdapterFromTheDefaultDirectory()
    {
        // Run from elsewhere: the default directory is next to the executable, not the working directory.
        using var elsewhere = new Host.Tests.Support.TempDirectory();

        var (exitCode, output, error) = await Command.RunAsync(PublishedRelease.Executable, ["adapters", "list"], CommandLimit, elsewhere.Path);

        Assert.That(exitCode, Is.Zero, output + error);
        var lines = output.Split('\n');
        foreach (var adapter in PublishedRelease.ShippedAdapters)
        {
            Assert.That(lines, Has.One.Match($@"^\s*{adapter}\s.*\bloaded\b"), output);
        }
    }

    [Test]
    public async Task Check_FromReleaseFolder_AcceptsConfigurationUsingTheDefaultAdaptersDirectory()
    {
        await using var cluster = await EndToEndCluster.StartAsync();
        var token = Path.Combine(cluster.Directory, "slack-token");
        await File.WriteAllTextAsync(token, "xoxb-release-test");
        var config = Path.Combine(cluster.Directory, "teleport-plugins.toml");
        await File.WriteAllTextAsync(config, $"""
            [teleport]
            addr = "127.0.0.1:{cluster.Server.GrpcPort}"
            identity = {JsonSerializer.Serialize(Path.GetFullPath(cluster.Server.IdentityFilePath))}

            [adapters]
            enabled = ["slack"]

            [slack]
            token = {JsonSerializer.Serialize(token)}

            [slack.role_to_recipients]
            "*" = ["access-requests"]
            """);

        var (exitCode, output, error) = await Command.RunAsync(PublishedRelease.Executable, ["check", "-c", config], CommandLimit, cluster.Directory);

        Assert.That(exitCode, Is.Zero, output + error);
    }
}
