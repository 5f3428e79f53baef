using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Cli;

/// <summary><c>adapters list [-c FILE | --directory DIR]</c>: the adapters installed, and which are enabled.</summary>
internal static class AdaptersCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigOption(required: false);
        var directory = new Option<string>("--directory") { Description = "The adapters directory (default: from the configuration, else next to the executable)" };
        var list = new Command("list", "List the installed adapters: name, version, contract version, enabled, load status") { config, directory };
        list.SetAction(result => List(result.GetValue(config), result.GetValue(directory), output, error));
        return new Command("adapters", "Inspect installed adapters") { list };
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
