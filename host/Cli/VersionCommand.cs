using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Cli;

/// <summary><c>version</c>: the host's version, its contract version and the runtime.</summary>
internal static class VersionCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("version", "Print the version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            output.WriteLine($"teleport-plugins {version.Split('+')[0]} (contract {ContractVersion.Current}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
