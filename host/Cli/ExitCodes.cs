namespace TeleportPlugins.Host.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int BadConfiguration = 2;
    public const int TeleportUnavailable = 3;
}
