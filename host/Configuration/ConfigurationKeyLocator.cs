namespace TeleportPlugins.Host.Configuration;

/// <summary>Turns a configuration key into "where it was written" for error messages.</summary>
internal sealed class ConfigurationKeyLocator(
    string file,
    IReadOnlyDictionary<string, ConfigurationKeyLocation> locations,
    IReadOnlyDictionary<string, string> environmentVariables)
{
    /// <summary>The configuration file as the user named it.</summary>
    public string File { get; } = file;

    /// <summary>Whether the key (or table) is written in the file or set by an environment variable, even if empty.</summary>
    /// <param name="key">The configuration key.</param>
    /// <returns>Whether it is present.</returns>
    public bool IsPresent(string key) => locations.ContainsKey(key) || environmentVariables.Keys.Any(k => k.StartsWith(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <c>file:line:column: key</c> for a key from the file; for a key the file lacks, the location of its nearest
    /// table; for a value from the environment, the variable's name.
    /// </summary>
    /// <param name="key">The configuration key (<c>slack:token</c>).</param>
    /// <returns>The description.</returns>
    public string Describe(string key)
    {
        var display = ToDisplayKey(key);
        if (environmentVariables.TryGetValue(key, out var variable))
        {
            return $"environment variable {variable}: {display}";
        }

        for (var probe = key; probe.Length > 0; probe = Parent(probe))
        {
            if (locations.TryGetValue(probe, out var location))
            {
                return $"{location}: {display}";
            }
        }

        return $"{File}: {display}";
    }

    /// <summary>The key as TOML spells it: <c>slack.token</c>, <c>adapters.enabled[1]</c>.</summary>
    /// <param name="key">The configuration key.</param>
    /// <returns>The dotted form.</returns>
    public static string ToDisplayKey(string key)
    {
        var parts = key.Split(':');
        var builder = new System.Text.StringBuilder(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            builder.Append(part.Length > 0 && part.All(char.IsAsciiDigit) ? $"[{part}]" : $".{part}");
        }

        return builder.ToString();
    }

    private static string Parent(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon < 0 ? string.Empty : key[..colon];
    }
}
