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
    /// <remarks>
    /// A misspelt name hides nothing: a section named like no adapter, or a section whose adapter is enabled under a
    /// misspelt name, is still checked against the adapter it most likely means, and the message says which.
    /// </remarks>
    public static IReadOnlyList<ConfiguredAdapter> Configure(HostSettings settings, IReadOnlyList<AdapterPackage> packages, ConfigurationProblems problems)
    {
        var byName = packages.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var installed = byName.Count == 0 ? "none" : string.Join(", ", byName.Keys.Order(StringComparer.Ordinal));
        var binder = new OptionsBinder(problems);
        var checkedSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var enabledNames = settings.Adapters.Enabled.ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var section in settings.Configuration.GetChildren())
        {
            if (HostConfigurationLoader.HostSections.Contains(section.Key) || byName.ContainsKey(section.Key))
            {
                continue;
            }

            var name = problems.Locator.Display(section.Path);
            var meant = NameSuggester.Closest(name, byName.Keys.Concat(HostConfigurationLoader.HostSections));
            problems.Add(section.Path, $"unknown section: no adapter named '{name}' in {settings.AdaptersDirectory} (installed: {installed}){DidYouMean(meant)}");
            if (meant is not null && byName.TryGetValue(meant, out var meantPackage) && checkedSections.Add(section.Path))
            {
                BindForProblems(binder, meantPackage, section);
            }
        }

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
                var meant = NameSuggester.Closest(name, byName.Keys);
                problems.Add(key, $"unknown adapter '{name}': no such adapter in {settings.AdaptersDirectory} (installed: {installed}){DidYouMean(meant)}");

                // The section of the adapter meant is checked as if it were enabled, so its mistakes surface in this run too.
                if (meant is not null && !enabledNames.Contains(meant) && settings.Configuration.GetSection(meant) is var meantSection
                    && meantSection.Exists() && checkedSections.Add(meantSection.Path))
                {
                    BindForProblems(binder, byName[meant], meantSection);
                }

                continue;
            }

            var section = settings.Configuration.GetSection(package.Name);
            if (!section.Exists() && !settings.Locator.IsPresent(package.Name))
            {
                problems.Add(key, $"adapter '{name}' is enabled but the configuration has no [{package.Name}] section");
                continue;
            }

            checkedSections.Add(section.Path);
            if (package.Factory is { } factory)
            {
                configured.Add(new ConfiguredAdapter(package, binder.Bind(factory.OptionsType, section)));
            }
        }

        return configured;
    }

    internal static string DidYouMean(string? meant) => meant is null ? string.Empty : $"; did you mean '{meant}'?";

    private static void BindForProblems(OptionsBinder binder, AdapterPackage package, IConfigurationSection section)
    {
        // An adapter that is not loaded has no options type to check against; the suggestion alone must do.
        if (package.Factory is { } factory)
        {
            binder.Bind(factory.OptionsType, section);
        }
    }
}
