using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Cli;

/// <summary>
/// <c>check -c FILE [--connect]</c>: reads the configuration and loads the adapters without running anything; with
/// <c>--connect</c>, also pings the cluster once with the identity.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigOption(required: true);
        var connect = new Option<bool>("--connect") { Description = "Also dial [teleport] addr with the identity and ping the cluster once" };
        var command = new Command("check", "Check the configuration and the adapters; run nothing; list every problem") { config, connect };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(config)!, result.GetValue(connect), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, bool connect, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var session = ConfigurationSession.Open(configPath, NullLoggerFactory.Instance);
        if (session.Settings is not null)
        {
            // [watch] and [dispatch] are checked exactly as start checks them.
            EngineOptions.Bind(session.Settings, session.Problems);
            TeleportIdentityCheck.Check(session.Settings.Teleport, TimeProvider.System, session.Problems);
        }

        TeleportClusterInfo? cluster = null;
        if (connect && session.Settings is not null && session.Problems.Messages.Count == 0)
        {
            // Only a configuration without problems is dialed: a bad identity or address was reported above already.
            cluster = await TeleportConnectCheck.CheckAsync(session.Settings.Teleport, TimeProvider.System, session.Problems, cancellationToken);
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

        if (cluster is not null)
        {
            output.WriteLine($"{session.Settings!.Teleport.EffectiveAddress}: cluster {cluster.ClusterName}, Teleport {cluster.ServerVersion}; the identity was accepted");
        }

        output.WriteLine($"{configPath}: configuration OK; {session.Configured.Count} adapter(s) enabled: {string.Join(", ", session.Configured.Select(c => c.Package.Name))}");
        return ExitCodes.Ok;
    }
}
