using System.Collections.Frozen;

namespace TeleportPlugins.Host.Loading;

/// <summary>Decides which assemblies every adapter shares with the host.</summary>
internal static class SharedAssemblies
{
    private const string ContractsAssemblyName = "TeleportPlugins.Contracts";

    /// <summary>
    /// The contracts assembly and every Microsoft.Extensions assembly the host itself ships (from the host's trusted
    /// platform assemblies). An adapter that brings a Microsoft.Extensions package the host lacks keeps its own copy.
    /// </summary>
    public static FrozenSet<string> FromHost()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>();
        return trusted
            .Where(name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Append(ContractsAssemblyName)
            .ToFrozenSet(StringComparer.Ordinal);
    }
}
