namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Checks a name that a host section gives to an adapter (<c>[reminders.&lt;adapter&gt;]</c>,
/// <c>[access_list_reminders] adapters</c>) against <c>[adapters] enabled</c>, as <c>enabled</c> itself is checked
/// against the installed adapters: a misspelt name would otherwise be ignored in silence, and a reminder schedule or an
/// owner reminder the user asked for would never come.
/// </summary>
internal static class EnabledAdapterCheck
{
    /// <summary>Whether <paramref name="name"/> is enabled; if not, a problem at <paramref name="key"/> with the closest enabled name.</summary>
    /// <param name="key">The configuration key naming the adapter (a table, or an array item such as <c>access_list_reminders:adapters:0</c>).</param>
    /// <param name="name">The name as written.</param>
    /// <param name="section">The section, for the message.</param>
    /// <param name="enabled">The names in <c>[adapters] enabled</c>.</param>
    /// <param name="problems">Receives the problem.</param>
    /// <returns>Whether the name is enabled.</returns>
    public static bool IsEnabled(string key, string name, string section, IReadOnlyList<string> enabled, ConfigurationProblems problems)
    {
        if (enabled.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var list = enabled.Count == 0 ? "none" : string.Join(", ", enabled.Order(StringComparer.Ordinal));
        problems.Add(key, $"{section} names adapter '{name}', which is not enabled in [adapters] (enabled: {list}){AdapterConfigurator.DidYouMean(NameSuggester.Closest(name, enabled))}");
        return false;
    }
}
