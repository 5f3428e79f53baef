using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Configuration;

/// <summary>Adds TOML files to a configuration builder.</summary>
internal static class TomlConfigurationExtensions
{
    /// <summary>Adds the TOML file at <paramref name="path"/>; it is read when the configuration is built.</summary>
    public static IConfigurationBuilder AddTomlFile(this IConfigurationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new TomlConfigurationSource(path));
    }
}
