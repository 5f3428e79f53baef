using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Load.Tests.Fakes;

/// <summary>
/// Binds an adapter's options from a load tool's <c>ConfigSection</c>, so a test drives the adapter with exactly the
/// configuration the load run gives the host. It reads the TOML the load tools write: <c>[table]</c> headers and
/// <c>key = value</c> lines whose values (strings, booleans, numbers, arrays of strings) are also JSON. Unknown keys fail,
/// as they fail the host's check (the host's binder reads the same <c>[ConfigurationKeyName]</c> keys).
/// </summary>
internal static class ConfigSectionBinder
{
    /// <summary>Binds <paramref name="section"/> of <paramref name="toml"/> to a new <paramref name="optionsType"/>.</summary>
    /// <param name="toml">The TOML text.</param>
    /// <param name="section">The adapter's table name.</param>
    /// <param name="optionsType">The adapter's options type.</param>
    /// <returns>The bound options.</returns>
    public static object Bind(string toml, string section, Type optionsType)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var header = string.Empty;
        foreach (var raw in toml.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                header = line.Trim('[', ']').Replace('.', ':');
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            using var value = JsonDocument.Parse(line[(equals + 1)..]);
            Flatten($"{header}:{line[..equals].Trim()}", value.RootElement, values);
        }

        var table = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section);
        // The binder's own ErrorOnUnknownConfiguration ignores [ConfigurationKeyName], so the keys are checked here.
        var known = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = table.GetChildren().Select(c => c.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"[{section}] has keys {optionsType.Name} does not know: {string.Join(", ", unknown)}");
        }

        return table.Get(optionsType) ?? throw new InvalidOperationException($"[{section}] is empty");
    }

    private static void Flatten(string key, JsonElement value, Dictionary<string, string?> values)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Flatten($"{key}:{index++.ToString(CultureInfo.InvariantCulture)}", item, values);
            }

            return;
        }

        values[key] = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
    }
}
