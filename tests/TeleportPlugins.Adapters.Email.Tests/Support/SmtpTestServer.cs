using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>
/// A real SMTP server (aiosmtpd, tests/smtp-server/server.py under Debian's /usr/bin/python3) on 127.0.0.1 with an
/// ephemeral port: plain, offering STARTTLS, or TLS from the first byte (implicit TLS, as on port 465), with a
/// self-signed certificate made here, optionally requiring AUTH.
/// Delivered messages are read back decoded; replies to MAIL or RCPT can be forced while it runs. Set SMTP_TEST_KEEP
/// to keep its folder (with smtp.log, the whole SMTP dialogue) for debugging.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _directory;

    private SmtpTestServer(Process process, string directory, int port, string? caFile)
    {
        _process = process;
        _directory = directory;
        Port = port;
        CaFile = caFile;
    }

    /// <summary>The host to connect to.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The PEM of the self-signed certificate (the CA to trust), or null for a plain server.</summary>
    public string? CaFile { get; }

    /// <summary>The messages delivered so far, in order.</summary>
    public IReadOnlyList<DeliveredEmail> Messages =>
        [.. Directory.GetFiles(Path.Combine(_directory, "out"), "*.json").Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>Starts a server.</summary>
    /// <param name="startTls">Offer STARTTLS with a self-signed certificate for 127.0.0.1 and localhost.</param>
    /// <param name="username">Require AUTH as this user (after STARTTLS when offered), or null.</param>
    /// <param name="password">The password for <paramref name="username"/>.</param>
    /// <param name="implicitTls">Speak TLS from the first byte instead (no STARTTLS); <paramref name="startTls"/> is then ignored.</param>
    /// <returns>The running server.</returns>
    public static async Task<SmtpTestServer> StartAsync(bool startTls, string? username = null, string? password = null, bool implicitTls = false)
    {
        var script = FindScript();
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing: the e-mail tests need Debian's python3 with python3-aiosmtpd. Run `bash tests/setup.sh`.");
        }

        var directory = Directory.CreateTempSubdirectory("smtp-test-").FullName;
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(Path.Combine(directory, "out"));
        string? caFile = null;
        if (startTls || implicitTls)
        {
            (caFile, var keyFile) = WriteSelfSignedCertificate(directory, "server");
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(caFile);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(keyFile);
        }

        if (implicitTls)
        {
            start.ArgumentList.Add("--implicit-tls");
        }

        if (username is not null)
        {
            start.Environment["SMTP_TEST_USERNAME"] = username;
            start.Environment["SMTP_TEST_PASSWORD"] = password ?? string.Empty;
        }

        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
            process.Kill();
            process.Dispose();
            Assert.Fail(error.Contains("aiosmtpd", StringComparison.Ordinal)
                ? $"python3-aiosmtpd is not installed for {Python}. Run `bash tests/setup.sh`.\n{error}"
                : $"the test SMTP server did not start:\n{error}");
        }

        return new SmtpTestServer(process, directory, int.Parse(line!["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture), caFile);
    }

    /// <summary>Makes the server answer MAIL FROM (command "MAIL"), every RCPT TO ("RCPT"), one recipient's ("RCPT address") or NOOP ("NOOP") with <paramref name="reply"/>.</summary>
    /// <param name="command">"MAIL", "RCPT", "RCPT address" or "NOOP".</param>
    /// <param name="reply">E.g. "451 4.3.0 try later"; null restores normal answers.</param>
    public void ForceReply(string command, string? reply)
    {
        var path = Path.Combine(_directory, "out", "control", command);
        if (reply is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, reply + "\n");
        }
    }

    /// <summary>Writes the PEM of another self-signed CA, one that did not sign this server's certificate.</summary>
    /// <returns>The file, removed with the server.</returns>
    public string WriteUnrelatedCaFile() => WriteSelfSignedCertificate(_directory, "unrelated").CertFile;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill();
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("SMTP_TEST_KEEP") is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static DeliveredEmail Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return new DeliveredEmail(
            root.GetProperty("mail_from").GetString()!,
            [.. root.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString()!)],
            root.GetProperty("tls").GetBoolean(),
            root.GetProperty("authenticated_as").GetString(),
            [.. root.GetProperty("headers").EnumerateArray().Select(h => new KeyValuePair<string, string>(h[0].GetString()!, h[1].GetString()!))],
            root.GetProperty("body").GetString()!);
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "smtp-server", "server.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/smtp-server/server.py not found above " + AppContext.BaseDirectory);
    }

    private static (string CertFile, string KeyFile) WriteSelfSignedCertificate(string directory, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(directory, name + "-cert.pem");
        var keyFile = Path.Combine(directory, name + "-key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}
