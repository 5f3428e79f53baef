using System.Collections;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Dispatch;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Watching;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Reads the TOML configuration file with environment overrides, and binds and validates the host's own sections,
/// collecting every problem.
/// </summary>
internal static class HostConfigurationLoader
{
    /// <summary>Environment variables with this prefix override file values: <c>TELEPORT_PLUGINS__SLACK__TOKEN</c>.</summary>
    public const string EnvironmentPrefix = "TELEPORT_PLUGINS__";

    /// <summary>The top-level sections the host itself reads; every other section must belong to an adapter.</summary>
    public static readonly IReadOnlySet<string> HostSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        TeleportOptions.SectionName, AdaptersOptions.SectionName, LogOptions.SectionName, HttpOptions.SectionName, "role_to_recipients",
        WatcherOptions.SectionName, DispatchOptions.SectionName, AccessLists.AccessListReminderOptions.SectionName, Reminders.ReminderOptions.SectionName,
    };

    /// <summary>Loads the file.</summary>
    /// <param name="path">The configuration file, as the user named it.</param>
    /// <param name="problems">Receives every problem found, when the file could be read.</param>
    /// <returns>
    /// The settings (check <paramref name="problems"/> before using them), or null when the file could not be read at
    /// all. A file with TOML errors still gives settings from what did parse, so that every problem is found in one run.
    /// </returns>
    public static HostSettings? Load(string path, out ConfigurationProblems problems)
    {
        var environment = EnvironmentKeys();
        var fullPath = Path.GetFullPath(path);
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder()
                .AddTomlFile(fullPath)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems = new ConfigurationProblems(new ConfigurationKeyLocator(path, new Dictionary<string, ConfigurationKeyLocation>(), environment));
            problems.AddForFile(ReadFailure(e));
            return null;
        }

        var toml = root.Providers.OfType<TomlConfigurationProvider>().Single();
        var locations = toml.Locations.ToDictionary(
            pair => pair.Key,
            pair => pair.Value with { File = path },
            StringComparer.OrdinalIgnoreCase);
        var locator = new ConfigurationKeyLocator(path, locations, environment);
        problems = new ConfigurationProblems(locator);
        foreach (var diagnostic in toml.Diagnostics)
        {
            problems.AddSyntax(diagnostic);
        }

        if (!toml.IsReadable)
        {
            return null;
        }

        var binder = new OptionsBinder(problems);

        var teleport = binder.Bind<TeleportOptions>(root.GetSection(TeleportOptions.SectionName));
        if (!locator.IsPresent(TeleportOptions.SectionName))
        {
            problems.Add(TeleportOptions.SectionName, "the [teleport] section is required: how to reach the cluster and with which identity");
        }

        var adapters = binder.Bind<AdaptersOptions>(root.GetSection(AdaptersOptions.SectionName));
        var log = binder.Bind<LogOptions>(root.GetSection(LogOptions.SectionName));
        var http = binder.Bind<HttpOptions>(root.GetSection(HttpOptions.SectionName));
        var recipients = binder.BindRoleToRecipients(root.GetSection("role_to_recipients"));
        var configDirectory = Path.GetDirectoryName(fullPath)!;

        return new HostSettings
        {
            ConfigPath = path,
            Configuration = root,
            Teleport = ResolvePaths(teleport, configDirectory),
            Adapters = adapters,
            AdaptersDirectory = string.IsNullOrWhiteSpace(adapters.Directory)
                ? Path.Combine(AppContext.BaseDirectory, "adapters")
                : Path.GetFullPath(adapters.Directory, configDirectory),
            Log = log,
            Http = ResolvePaths(http, configDirectory),
            RoleToRecipients = recipients,
            Locator = locator,
        };
    }

    private static TeleportOptions ResolvePaths(TeleportOptions options, string configDirectory)
    {
        options.Identity = Resolve(options.Identity, configDirectory);
        options.ClientKey = Resolve(options.ClientKey, configDirectory);
        options.ClientCrt = Resolve(options.ClientCrt, configDirectory);
        options.RootCas = Resolve(options.RootCas, configDirectory);
        return options;
    }

    private static HttpOptions ResolvePaths(HttpOptions options, string configDirectory)
    {
        options.CertificateFile = Resolve(options.CertificateFile, configDirectory);
        options.KeyFile = Resolve(options.KeyFile, configDirectory);
        return options;
    }

    private static string? Resolve(string? file, string configDirectory) =>
        string.IsNullOrWhiteSpace(file) ? file : Path.GetFullPath(file, configDirectory);

    private static string ReadFailure(Exception e) => e switch
    {
        FileNotFoundException => "file not found",
        DirectoryNotFoundException => "directory not found",
        _ => $"cannot read: {e.Message}",
    };

    private static Dictionary<string, string> EnvironmentKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                keys[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = name;
            }
        }

        return keys;
    }
}
