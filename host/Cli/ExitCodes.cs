namespace TeleportPlugins.Host.Cli;

/// <summary>Process exit codes (documented in the README's "Running the host").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int BadConfiguration = 2;

    /// <summary>Teleport could not be reached at start with <c>[teleport] fail_fast = true</c>, or runs a version too old.</summary>
    public const int TeleportUnavailable = 3;
}
