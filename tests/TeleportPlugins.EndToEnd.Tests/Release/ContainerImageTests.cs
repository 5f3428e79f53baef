using System.Text.Json;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.EndToEnd.Tests.Release;

/// <summary>
/// The container image's runtime stage (host/deploy/container/Containerfile) built with buildah from the release
/// folder the tests published. No registry is reachable here, so the two images the Containerfile starts from are
/// replaced: the build stage by that release folder (a build context named after the stage), the chiseled
/// runtime-deps base by one assembled from scratch with the libraries the self-contained app loads from this machine.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly TimeSpan BuildahLimit = TimeSpan.FromMinutes(3);

    [Test]
    public async Task Build_RuntimeStageOnLocalBase_ImageRunsTheHostAsNonRootWithAdaptersAndThePort()
    {
        using var temp = new TempDirectory();
        var storage = new[] { "--root", temp.Combine("storage"), "--runroot", temp.Combine("run"), "--storage-driver", "vfs" };
        var tag = $"localhost/teleport-plugins-test-{Guid.NewGuid():N}";

        var baseImage = await AssembleBaseAsync(temp, storage);
        // The Containerfile's build stage leaves the release folder at /out/teleport-plugins.
        var release = temp.Combine("release-stage", "out", "teleport-plugins");
        Directory.CreateDirectory(Path.GetDirectoryName(release)!);
        await RunAsync("cp", ["-a", PublishedRelease.Folder, release]);
        await Buildah(storage, [
            "bud", "--quiet", "--layers=false", "--target", "runtime", "-t", tag,
            "--build-context", $"release={temp.Combine("release-stage")}",
            "--build-arg", $"RUNTIME_IMAGE={baseImage}",
            "-f", Path.Combine(RepositoryPaths.Root, "host", "deploy", "container", "Containerfile"),
            temp.Combine("release-stage")]);

        using var inspected = JsonDocument.Parse(await Buildah(storage, ["inspect", "--type", "image", tag]));
        var config = inspected.RootElement.GetProperty("OCIv1").GetProperty("config");
        var container = (await Buildah(storage, ["from", "--pull-never", tag])).Trim();
        var mount = (await Buildah(storage, ["mount", container])).Trim();
        var version = await Buildah(storage, ["run", "--isolation", "chroot", "--user", "1654:1654", container, "/app/teleport-plugins", "version"]);
        var adapters = await Buildah(storage, ["run", "--isolation", "chroot", "--user", "1654:1654", container, "/app/teleport-plugins", "adapters", "list"]);

        Assert.Multiple(() =>
        {
            Assert.That(config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "/app/teleport-plugins" }));
            Assert.That(config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "start", "-c", "/etc/teleport-plugins/teleport-plugins.toml" }));
            Assert.That(config.GetProperty("User").GetString(), Is.EqualTo("1654:1654"), "non-root");
            Assert.That(config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "8081/tcp" }));
            Assert.That(config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "/etc/teleport-plugins", "/var/lib/teleport-plugins" }));
            Assert.That(File.Exists(Path.Combine(mount, "app", "teleport-plugins")), Is.True);
            Assert.That(Directory.GetDirectories(Path.Combine(mount, "app", "adapters")).Select(Path.GetFileName), Is.EquivalentTo(PublishedRelease.ShippedAdapters));
            Assert.That(version, Does.Contain($"teleport-plugins {PublishedRelease.Version}"));
            Assert.That(adapters, Does.Contain("slack").And.Contain("loaded"));
        });
    }

    /// <summary>
    /// A stand-in for runtime-deps chiseled: from scratch, the shared libraries the published app links or loads
    /// (as this machine has them, found with ldd) and an /etc/passwd naming the non-root user "app" (1654).
    /// </summary>
    private static async Task<string> AssembleBaseAsync(TempDirectory temp, string[] storage)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        var native = Directory.EnumerateFiles(PublishedRelease.Folder, "*.so").Append(PublishedRelease.Executable);
        foreach (var file in native)
        {
            var (_, output, _) = await Command.RunAsync("ldd", [file], TimeSpan.FromMinutes(1));
            foreach (var word in output.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.StartsWith('/') && File.Exists(word))
                {
                    libraries.Add(word);
                }
            }
        }

        // Loaded with dlopen, so ldd does not name them: OpenSSL (TLS to Teleport and the tools), found in the loader's cache.
        var (_, cache, _) = await Command.RunAsync("ldconfig", ["-p"], TimeSpan.FromMinutes(1));
        foreach (var line in cache.Split('\n').Where(line => line.Contains("libssl.so.3 ", StringComparison.Ordinal) || line.Contains("libcrypto.so.3 ", StringComparison.Ordinal)))
        {
            libraries.Add(line[(line.LastIndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim());
        }

        var root = temp.Combine("base");
        foreach (var library in libraries)
        {
            var target = root + library;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The real file, under the name the loader asks for (many are symbolic links).
            File.Copy(Path.GetFullPath(new FileInfo(library).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? library), target);
        }

        temp.WriteFile(Path.Combine("base", "etc", "passwd"), "root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n");
        temp.WriteFile(Path.Combine("base", "etc", "group"), "root:x:0:\napp:x:1654:\n");
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        foreach (var link in new[] { "lib", "lib64" })
        {
            // Debian's merged /usr: the loader's path names /lib64/ld-linux-x86-64.so.2.
            if (!Directory.Exists(Path.Combine(root, link)) && Directory.Exists(Path.Combine(root, "usr", link)))
            {
                File.CreateSymbolicLink(Path.Combine(root, link), Path.Combine("usr", link));
            }
        }

        var container = (await Buildah(storage, ["from", "scratch"])).Trim();
        await Buildah(storage, ["copy", container, root + "/", "/"]);
        var image = $"localhost/runtime-deps-stand-in-{Guid.NewGuid():N}";
        await Buildah(storage, ["commit", "--quiet", container, image]);
        await Buildah(storage, ["rm", container]);
        return image;
    }

    private static async Task<string> Buildah(string[] storage, string[] arguments) => await RunAsync("buildah", [.. storage, .. arguments]);

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var (exitCode, output, error) = await Command.RunAsync(program, arguments, BuildahLimit);
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {output}{error}");
        return output;
    }
}
