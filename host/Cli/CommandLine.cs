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
    /// <returns>The process exit code: 0 on success, 1 when a check found problems or a command failed, 2 on bad usage or configuration, 3 when Teleport cannot be used at start.</returns>
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
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 || args.Length == 0)
        {
            // Bad usage is exit code 2, like a bad configuration: System.CommandLine's own default is 1, which the
            // README reserves for "problems found".
            return UsageErrorAsync(parsed, error);
        }

        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    private static async Task<int> UsageErrorAsync(ParseResult parsed, TextWriter error)
    {
        foreach (var problem in parsed.Errors)
        {
            await error.WriteLineAsync(problem.Message);
        }

        await error.WriteLineAsync("usage: teleport-plugins start|check|configure|adapters list|adapters check|version [options]; teleport-plugins --help lists them");
        return ExitCodes.BadConfiguration;
    }

    internal static Option<string> ConfigOption(bool required) => new("--config", "-c")
    {
        Description = "The TOML configuration file",
        Required = required,
    };
}
