using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Loading;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Matches <c>[adapters] enabled</c> and the configuration's sections with the adapters found on disk, and binds each
/// enabled adapter's section to its options type. Adapters that failed to load are not configuration errors: the
/// host runs without them (and <c>check</c> reports them).
/// </summary>
internal static class AdapterConfigurator
{
    /// <summary>Configures the enabled adapters, recording every problem.</summary>
    /// <param name="settings">The host settings.</param>
    /// <param name="packages">The adapter folders found, loaded or not.</param>
    /// <param name="problems">Receives the problems.</param>
    /// <returns>The enabled adapters that loaded, in the order they are enabled.</returns>
    public static IReadOnlyList<ConfiguredAdapter> Configure(HostSettings settings, IReadOnlyList<AdapterPackage> packages, ConfigurationProblems problems)
    {
        var byName = packages.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var installed = byName.Count == 0 ? "none" : string.Join(", ", byName.Keys.Order(StringComparer.Ordinal));

        foreach (var section in settings.Configuration.GetChildren())
        {
            if (!HostConfigurationLoader.HostSections.Contains(section.Key) && !byName.ContainsKey(section.Key))
            {
                problems.Add(section.Path, $"unknown section: no adapter named '{section.Key}' in {settings.AdaptersDirectory} (installed: {installed})");
            }
        }

        var binder = new OptionsBinder(problems);
        var configured = new List<ConfiguredAdapter>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.Adapters.Enabled.Count; i++)
        {
            var name = settings.Adapters.Enabled[i];
            var key = $"{AdaptersOptions.SectionName}:enabled:{i}";
            if (!seen.Add(name))
            {
                problems.Add(key, $"'{name}' is enabled twice");
                continue;
            }

            if (!byName.TryGetValue(name, out var package))
            {
                problems.Add(key, $"unknown adapter '{name}': no such adapter in {settings.AdaptersDirectory} (installed: {installed})");
                continue;
            }

            var section = settings.Configuration.GetSection(package.Name);
            if (!section.Exists() && !settings.Locator.IsPresent(package.Name))
            {
                problems.Add(key, $"adapter '{name}' is enabled but the configuration has no [{package.Name}] section");
                continue;
            }

            if (package.Factory is { } factory)
            {
                configured.Add(new ConfiguredAdapter(package, binder.Bind(factory.OptionsType, section)));
            }
        }

        return configured;
    }
}
