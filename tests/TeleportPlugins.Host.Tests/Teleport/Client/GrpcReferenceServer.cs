using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TeleportPlugins.Host.Tests.Teleport.Client;

/// <summary>
/// Runs tests/grpc-reference/teleport.js (@grpc/grpc-js serving our proto files with Teleport's semantics on
/// 127.0.0.1) for one fixture. A missing install fails the fixture: these tests are the client's independent wire
/// check and must not be skipped.
/// </summary>
internal sealed class GrpcReferenceServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder errors;

    private GrpcReferenceServer(Process process, StringBuilder errors)
    {
        this.process = process;
        this.errors = errors;
    }

    /// <summary>The server's h2c address.</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<GrpcReferenceServer> StartAsync(string script, params string[] arguments)
    {
        var directory = FindServerDirectory();
        if (!File.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js", "package.json")))
        {
            Assert.Fail($"{Path.Combine(directory, "node_modules")} is missing: run `bash tests/setup.sh` in the repository root " +
                "to install the @grpc/grpc-js reference server these tests run against.");
        }

        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var errors = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("LISTENING ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(e.Data["LISTENING ".Length..]);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"node {script} exited before listening"));
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            Assert.Fail($"could not run node ({exception.Message}): the grpc-js tests need Node.js 20+ on PATH");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new GrpcReferenceServer(process, errors);
        try
        {
            var port = int.Parse(await listening.Task.WaitAsync(StartTimeout), CultureInfo.InvariantCulture);
            server.Address = new Uri($"http://127.0.0.1:{port}");
            return server;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            var output = server.Errors;
            server.Dispose();
            Assert.Fail($"the gRPC reference server did not start: {exception.Message}\n{output}");
            throw;
        }
    }

    /// <summary>What the server wrote to stderr, for failure messages.</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            // The script exits when its stdin closes; killing is the fallback.
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
    }

    private static string FindServerDirectory()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "grpc-reference");
            if (File.Exists(Path.Combine(candidate, "teleport.js")))
            {
                return candidate;
            }
        }

        Assert.Fail($"tests/grpc-reference/teleport.js not found above {TestContext.CurrentContext.TestDirectory}");
        throw new UnreachableException();
    }
}
