using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;

namespace TeleportPlugins.Host.Cli;

/// <summary><c>check -c FILE</c>: reads the configuration and loads the adapters without running anything.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigOption(required: true);
        var command = new Command("check", "Check the configuration and the adapters; run nothing; list every problem") { config };
        command.SetAction(result => Run(result.GetValue(config)!, output, error));
        return command;
    }

    private static int Run(string configPath, TextWriter output, TextWriter error)
    {
        var session = ConfigurationSession.Open(configPath, NullLoggerFactory.Instance);
        if (session.Settings is not null)
        {
            // [watch] and [dispatch] are checked exactly as start checks them.
            EngineOptions.Bind(session.Settings, session.Problems);
            TeleportIdentityCheck.Check(session.Settings.Teleport, TimeProvider.System, session.Problems);
        }

        session.WriteProblems(error);
        var failed = session.FailedEnabledAdapters.ToList();
        foreach (var package in failed)
        {
            error.WriteLine($"adapter folder {package.Folder}: {package.Error}");
        }

        var count = session.Problems.Messages.Count + failed.Count;
        if (count > 0)
        {
            error.WriteLine($"{count} problem(s) found in {configPath}");
            return ExitCodes.Problems;
        }

        output.WriteLine($"{configPath}: configuration OK; {session.Configured.Count} adapter(s) enabled: {string.Join(", ", session.Configured.Select(c => c.Package.Name))}");
        return ExitCodes.Ok;
    }
}
