using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Configuration;

/// <summary>A TOML file as a configuration source.</summary>
internal sealed class TomlConfigurationSource : IConfigurationSource
{
    /// <summary>Creates the source for <paramref name="path"/>.</summary>
    /// <param name="path">The file, as the user gave it; error messages repeat it as given.</param>
    public TomlConfigurationSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file, as the user gave it.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new TomlConfigurationProvider(Path);
}
