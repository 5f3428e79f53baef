using System.CommandLine;

namespace TeleportPlugins.Host.Cli;

/// <summary>
/// <c>configure [--directory DIR]</c>: prints a commented example configuration: the host's sections, then the
/// <c>example.toml</c> of every adapter installed in the adapters directory.
/// </summary>
internal static class ConfigureCommand
{
    /// <summary>The file in an adapter folder holding its commented example section.</summary>
    public const string AdapterExampleFileName = "example.toml";

    public static Command Create(TextWriter output)
    {
        var directory = new Option<string>("--directory") { Description = "The adapters directory (default: next to the executable)" };
        var command = new Command("configure", "Print a commented example configuration covering every installed adapter") { directory };
        command.SetAction(result =>
        {
            var given = result.GetValue(directory);
            var adapters = Path.GetFullPath(given ?? Path.Combine(AppContext.BaseDirectory, "adapters"));
            output.Write(Compose(adapters, writeDirectory: given is not null));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The example: host sections, then each adapter's example, in folder order.</summary>
    /// <param name="adaptersDirectory">Where the adapters are installed.</param>
    /// <param name="writeDirectory">
    /// Write <c>[adapters] directory</c> as <paramref name="adaptersDirectory"/>: the user named a directory, and
    /// <c>check</c> and <c>start</c> must look there too, not next to the executable.
    /// </param>
    /// <returns>TOML text.</returns>
    public static string Compose(string adaptersDirectory, bool writeDirectory = false)
    {
        var examples = Directory.Exists(adaptersDirectory)
            ? Directory.EnumerateDirectories(adaptersDirectory)
                .Order(StringComparer.Ordinal)
                .Select(folder => Path.Combine(folder, AdapterExampleFileName))
                .Where(File.Exists)
                .ToList()
            : [];
        var names = examples.Select(path => Path.GetFileName(Path.GetDirectoryName(path)!)).ToList();
        var writer = new StringWriter { NewLine = "\n" };
        var directoryLine = writeDirectory
            ? $"directory = \"{adaptersDirectory.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""
            : "# directory = \"/usr/lib/teleport-plugins/adapters\"";
        writer.Write(HostExample
            .Replace("{DIRECTORY}", directoryLine, StringComparison.Ordinal)
            .Replace("{ENABLED}", string.Join(", ", names.Select(n => $"\"{n}\"")), StringComparison.Ordinal));
        foreach (var example in examples)
        {
            writer.WriteLine();
            writer.Write(File.ReadAllText(example).ReplaceLineEndings("\n").TrimEnd('\n'));
            writer.WriteLine();
        }

        return writer.ToString();
    }

    private const string HostExample = """
        # teleport-plugins configuration. Start with: teleport-plugins start -c teleport-plugins.toml
        # Any value can be overridden by an environment variable: TELEPORT_PLUGINS__<SECTION>__<KEY>,
        # e.g. TELEPORT_PLUGINS__SLACK__TOKEN; a list is replaced whole: TELEPORT_PLUGINS__ADAPTERS__ENABLED=jira,slack
        # or '["jira", "slack"]'. A secret may be given as an absolute path to a file holding it.

        [teleport]
        # The Auth Service (host:3025) or the Proxy (host:443) address.
        addr = "teleport.example.com:3025"
        # An identity file from `tctl auth sign --format=file`, or a Machine ID (tbot) output directory.
        identity = "/var/lib/teleport/plugins/identity"
        # Reload the identity when tbot renews it.
        refresh_identity = true
        refresh_identity_interval = "1m"
        # Exit (code 3) when Teleport cannot be reached at start, instead of retrying with backoff.
        # fail_fast = true
        # Or the TLS key pair form (`tctl auth sign --format=tls`), instead of identity:
        # client_key = "/var/lib/teleport/plugins/auth.key"
        # client_crt = "/var/lib/teleport/plugins/auth.crt"
        # root_cas = "/var/lib/teleport/plugins/auth.cas"

        [adapters]
        # One folder per adapter; relative paths are relative to this file. Default: adapters/ next to the executable.
        {DIRECTORY}
        # The adapters to run; each needs a section of its own below.
        enabled = [{ENABLED}]
        # How long each adapter's start-up health check may take.
        health_check_timeout = "30s"
        # An adapter that fails at start-up is retried in the background, pausing at most this long between tries.
        retry_max = "1m"

        # Who hears about a request for a role: channels, e-mail addresses, ... (adapter-specific).
        # A value may be a string or an array; "*" applies to roles without an entry of their own.
        [role_to_recipients]
        "*" = ["access-requests"]
        # "dev" = ["dev-channel", "lead@example.com"]

        [http]
        # The listener for /healthz, /readyz and adapters' webhooks (under /adapters/<name>/); empty disables it.
        listen_addr = ":8081"
        # Serve HTTPS with these PEM files:
        # https_cert_file = "/var/lib/teleport-plugins/tls.crt"
        # https_key_file = "/var/lib/teleport-plugins/tls.key"
        # Require basic authentication on adapters' webhooks (not on the health endpoints):
        # [http.basic_auth]
        # user = "teleport"
        # password = "/var/lib/teleport-plugins/webhook-password"

        [dispatch]
        # A request that ended (approved, denied, expired) before an adapter announced it is still announced once,
        # showing its final state; false only logs it.
        announce_ended_requests = true

        [log]
        # stderr (default), stdout, or a file path.
        output = "stderr"
        # debug, info, warn or error.
        severity = "info"

        """;
}
