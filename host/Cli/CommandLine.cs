namespace TeleportPlugins.Host.Cli;

/// <summary>The <c>teleport-plugins</c> command line.</summary>
public static class CommandLine
{
    /// <summary>Parses and runs a command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where problems go.</param>
    /// <param name="cancellationToken">Stops a running command.</param>
    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(0);
    }
}
