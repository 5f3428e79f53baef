namespace TeleportPlugins.Host.Configuration;

/// <summary>Where a problem comes from, in the order problems are listed.</summary>
internal enum ConfigurationProblemSource
{
    /// <summary>The file is not valid TOML (or not UTF-8).</summary>
    Syntax,

    /// <summary>A value in the file, or a key the file lacks.</summary>
    File,

    /// <summary>A value from a <c>TELEPORT_PLUGINS__</c> environment variable.</summary>
    Environment,
}
