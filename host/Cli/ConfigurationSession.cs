using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Cli;

/// <summary>What <c>start</c>, <c>check</c> and <c>adapters list</c> share: the configuration, the adapters found, the problems.</summary>
/// <param name="Settings">The host settings, or null when the file could not be read.</param>
/// <param name="Packages">The adapter folders found.</param>
/// <param name="Configured">The enabled adapters that loaded, with their options.</param>
/// <param name="Problems">Configuration problems.</param>
internal sealed record ConfigurationSession(
    HostSettings? Settings,
    IReadOnlyList<AdapterPackage> Packages,
    IReadOnlyList<ConfiguredAdapter> Configured,
    ConfigurationProblems Problems)
{
    /// <summary>Reads the configuration and loads and configures the adapters, collecting every problem.</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="loggerFactory">Receives the loader's log lines.</param>
    /// <returns>The session.</returns>
    public static ConfigurationSession Open(string path, ILoggerFactory loggerFactory)
    {
        var settings = HostConfigurationLoader.Load(path, out var problems);
        return Open(settings, problems, loggerFactory, AdapterSelection.All);
    }

    /// <summary>Loads and configures the adapters for settings already read.</summary>
    /// <param name="settings">The settings, or null when the file could not be read.</param>
    /// <param name="problems">The problems found so far; receives more.</param>
    /// <param name="loggerFactory">Receives the loader's log lines.</param>
    /// <param name="selection">Which adapter folders to load; <see cref="Packages"/> lists every folder either way.</param>
    /// <returns>The session.</returns>
    public static ConfigurationSession Open(HostSettings? settings, ConfigurationProblems problems, ILoggerFactory loggerFactory, AdapterSelection selection)
    {
        if (settings is null)
        {
            return new ConfigurationSession(null, [], [], problems);
        }

        if (AdaptersDirectoryCheck.Problem(settings.AdaptersDirectory, !string.IsNullOrWhiteSpace(settings.Adapters.Directory), settings.Adapters.Enabled.Count > 0) is { } directoryProblem)
        {
            problems.Add(AdaptersDirectoryCheck.Key, directoryProblem);
            return new ConfigurationSession(settings, [], [], problems);
        }

        var loader = new AdapterLoader(loggerFactory.CreateLogger<AdapterLoader>());
        var packages = selection == AdapterSelection.Enabled
            ? loader.LoadEnabled(settings.AdaptersDirectory, settings.Adapters.Enabled)
            : loader.LoadAll(settings.AdaptersDirectory);
        var configured = AdapterConfigurator.Configure(settings, packages, problems);
        return new ConfigurationSession(settings, packages, configured, problems);
    }

    /// <summary>The enabled adapters whose folders did not load, with the reason.</summary>
    public IEnumerable<AdapterPackage> FailedEnabledAdapters => Settings is null
        ? []
        : Packages.Where(p => !p.IsLoaded && Settings.Adapters.Enabled.Contains(p.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Writes every problem, one per line.</summary>
    /// <param name="error">Where to write.</param>
    public void WriteProblems(TextWriter error)
    {
        foreach (var message in Problems.Messages)
        {
            error.WriteLine(message);
        }
    }
}
