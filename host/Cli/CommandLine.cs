using System.CommandLine;

namespace TeleportPlugins.Host.Cli;

/// <summary>The <c>teleport-plugins</c> command line.</summary>
public static class CommandLine
{
    /// <summary>Parses and runs a command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where problems go.</param>
    /// <param name="cancellationToken">Stops a running command.</param>
    /// <returns>The process exit code: 0 on success, 1 when a check found problems or a command failed, 2 on bad usage or configuration.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var root = new RootCommand("teleport-plugins: one host for Teleport Access Request integrations")
        {
            StartCommand.Create(output, error),
            CheckCommand.Create(output, error),
            ConfigureCommand.Create(output),
            AdaptersCommand.Create(output, error),
            VersionCommand.Create(output),
        };

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // The generic host handles SIGTERM and SIGINT itself, with a graceful shutdown.
            ProcessTerminationTimeout = null,
        };
        return root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    internal static Option<string> ConfigOption(bool required) => new("--config", "-c")
    {
        Description = "The TOML configuration file",
        Required = required,
    };
}
