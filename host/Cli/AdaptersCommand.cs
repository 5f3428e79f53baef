using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Runtime;

namespace TeleportPlugins.Host.Cli;

/// <summary>
/// <c>adapters list [-c FILE | --directory DIR]</c>: the adapters installed, and which are enabled.
/// <c>adapters check ADAPTER -c FILE --recipient WHO</c>: an enabled adapter that can check recipients
/// (<see cref="IRecipientCheck"/>, contract 1.3) resolves one and sends it a test message.
/// </summary>
internal static class AdaptersCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigOption(required: false);
        var directory = new Option<string>("--directory") { Description = "The adapters directory (default: from the configuration, else next to the executable)" };
        var list = new Command("list", "List the installed adapters: name, version, contract version, enabled, load status") { config, directory };
        list.SetAction(result => List(result.GetValue(config), result.GetValue(directory), output, error));

        var checkConfig = CommandLine.ConfigOption(required: true);
        var adapter = new Argument<string>("adapter") { Description = "The enabled adapter to check with, e.g. teams" };
        var recipient = new Option<string>("--recipient") { Description = "The recipient, as role_to_recipients would name it", Required = true };
        var check = new Command("check", "Resolve a recipient with an adapter and send it a test message") { adapter, checkConfig, recipient };
        check.SetAction((result, cancellationToken) => CheckAsync(result.GetValue(adapter)!, result.GetValue(checkConfig)!, result.GetValue(recipient)!, output, error, cancellationToken));
        return new Command("adapters", "Inspect installed adapters") { list, check };
    }

    /// <summary>
    /// Creates the adapter from the configuration as <c>start</c> would (without Teleport), runs its health check, then
    /// its recipient check. Exit 0 with what was found; 1 when the adapter fails (its folder, its health, the
    /// recipient); 2 for a configuration problem, an adapter that is not enabled, or one without the ability.
    /// </summary>
    private static async Task<int> CheckAsync(string name, string configPath, string recipient, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var session = ConfigurationSession.Open(configPath, NullLoggerFactory.Instance);
        if (session.Settings is null || session.Problems.Messages.Count > 0)
        {
            session.WriteProblems(error);
            return ExitCodes.BadConfiguration;
        }

        var package = session.Packages.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (package is { IsLoaded: false })
        {
            await error.WriteLineAsync($"adapter folder {package.Folder}: {package.Error}");
            return ExitCodes.Problems;
        }

        var configured = session.Configured.FirstOrDefault(c => string.Equals(c.Package.Name, name, StringComparison.OrdinalIgnoreCase));
        if (configured is null)
        {
            await error.WriteLineAsync(package is null
                ? $"no adapter named '{name}' in {session.Settings.AdaptersDirectory} (installed: {string.Join(", ", session.Packages.Select(p => p.Name))})"
                : $"adapter '{name}' is not enabled in {configPath}: add it to [adapters] enabled and give it its section");
            return ExitCodes.BadConfiguration;
        }

        var redactor = new SecretRedactor(configured.Options);
        using var http = new HttpClient();
        var context = new AdapterContext
        {
            Name = configured.Package.Name,
            Logger = NullLogger.Instance,
            HttpClient = http,
            TimeProvider = TimeProvider.System,
            Reviews = new NotConnectedReviewService(),
            RoleToRecipients = session.Settings.RoleToRecipients,
        };

        IAccessRequestAdapter created;
        try
        {
            created = configured.Package.Factory!.Create(context, configured.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync(redactor.Redact($"adapter {name}: creating the adapter threw {e.GetType().Name}: {e.Message}"));
            return ExitCodes.Problems;
        }

        try
        {
            if (created is not IRecipientCheck checker)
            {
                await error.WriteLineAsync($"adapter '{name}' cannot check recipients: it does not implement IRecipientCheck (contract 1.3)");
                return ExitCodes.BadConfiguration;
            }

            var health = await created.CheckHealthAsync(cancellationToken);
            if (!health.IsHealthy)
            {
                await error.WriteLineAsync(redactor.Redact($"adapter {name}: health check failed: {health.Description}"));
                return ExitCodes.Problems;
            }

            var found = await checker.CheckRecipientAsync(recipient, cancellationToken);
            await output.WriteLineAsync(redactor.Redact($"adapter {name}: {found}"));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is PermanentAdapterException or TransientAdapterException or HttpRequestException)
        {
            await error.WriteLineAsync(redactor.Redact($"adapter {name}: recipient {recipient}: {e.Message}"));
            return ExitCodes.Problems;
        }
        finally
        {
            if (created is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                (created as IDisposable)?.Dispose();
            }
        }
    }

    private static int List(string? configPath, string? directory, TextWriter output, TextWriter error)
    {
        IReadOnlyList<AdapterPackage>? packages = null;
        IReadOnlyCollection<string> enabled = [];
        bool configured;
        if (configPath is not null && directory is null)
        {
            var session = ConfigurationSession.Open(configPath, NullLoggerFactory.Instance);
            if (session.Settings is null || session.Problems.HasSyntaxErrors)
            {
                session.WriteProblems(error);
                return ExitCodes.BadConfiguration;
            }

            packages = session.Packages;
            enabled = session.Settings.Adapters.Enabled.ToHashSet(StringComparer.OrdinalIgnoreCase);
            directory = session.Settings.AdaptersDirectory;
            configured = !string.IsNullOrWhiteSpace(session.Settings.Adapters.Directory);
        }
        else
        {
            configured = directory is not null;
            directory = Path.GetFullPath(directory ?? Path.Combine(AppContext.BaseDirectory, "adapters"));
        }

        // An empty table would read as "nothing installed" when the directory itself is wrong.
        if (AdaptersDirectoryCheck.Problem(directory, configured, adaptersExpected: true) is { } problem)
        {
            error.WriteLine(problem);
            return ExitCodes.Problems;
        }

        packages ??= new AdapterLoader(NullLogger<AdapterLoader>.Instance).LoadAll(directory);

        output.WriteLine($"adapters in {directory} (host contract version {ContractVersion.Current}):");
        var rows = packages.Select(p => new[]
        {
            p.Name,
            p.Manifest?.Version ?? "?",
            p.Manifest?.ContractVersion ?? "?",
            configPath is null ? "-" : enabled.Contains(p.Name) ? "yes" : "no",
            p.IsLoaded ? "loaded" : $"failed: {p.Error}",
        }).ToList();
        string[] header = ["NAME", "VERSION", "CONTRACT", "ENABLED", "STATUS"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }

        return ExitCodes.Ok;
    }
}
