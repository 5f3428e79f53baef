namespace TeleportPlugins.Host.Configuration;

/// <summary>Turns a configuration key into "where it was written, and how" for error messages.</summary>
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
    /// The environment variable that sets this key, or a key above it (a list given whole), or — for a section or table
    /// the file lacks — the first variable below it; null when the key comes from the file.
    /// </summary>
    /// <param name="key">The configuration key.</param>
    /// <returns>The variable's name, or null.</returns>
    public string? EnvironmentVariableOf(string key)
    {
        for (var probe = key; probe.Length > 0; probe = Parent(probe))
        {
            if (environmentVariables.TryGetValue(probe, out var variable))
            {
                return variable;
            }
        }

        return locations.ContainsKey(key)
            ? null
            : environmentVariables
                .Where(pair => pair.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
                .Select(pair => pair.Value)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
    }

    /// <summary>The key as the user wrote it: spelt as in the file, or lower-case when it comes from the environment.</summary>
    /// <param name="key">The configuration key (<c>SLACK:TOKEN</c>).</param>
    /// <returns>The dotted form (<c>slack.token</c>, <c>adapters.enabled[1]</c>).</returns>
    public string Display(string key) => Display(key, EnvironmentVariableOf(key));

    /// <summary>
    /// The problem as printed: <c>file:line:column: key: message</c> for a key from the file (for a key the file lacks,
    /// the location of its nearest table); <c>environment variable NAME: key: message</c> for a value from the environment.
    /// </summary>
    /// <param name="key">The configuration key (<c>slack:token</c>).</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The problem.</returns>
    public ConfigurationProblem Locate(string key, string message)
    {
        var variable = EnvironmentVariableOf(key);
        var display = Display(key, variable);
        if (variable is not null)
        {
            return new ConfigurationProblem(ConfigurationProblemSource.Environment, 0, 0, $"environment variable {variable}: {display}: {message}");
        }

        return Nearest(key) is { Location: var location }
            ? new ConfigurationProblem(ConfigurationProblemSource.File, location.Line, location.Column, $"{location}: {display}: {message}")
            : new ConfigurationProblem(ConfigurationProblemSource.File, int.MaxValue, 0, $"{File}: {display}: {message}");
    }

    /// <summary>A configuration key (or the rest of one, <c>:token</c>) in dotted form: <c>slack.token</c>, <c>adapters.enabled[1]</c>.</summary>
    /// <param name="key">The configuration key.</param>
    /// <returns>The dotted form.</returns>
    public static string ToDisplayKey(string key)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in key.Split(':'))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                builder.Append('[').Append(part).Append(']');
            }
            else if (part.Length > 0)
            {
                builder.Append(builder.Length > 0 || key.StartsWith(':') ? "." : string.Empty).Append(part);
            }
        }

        return builder.ToString();
    }

    private string Display(string key, string? variable)
    {
        if (variable is not null)
        {
            return ToDisplayKey(key.ToLowerInvariant());
        }

        return Nearest(key) is { } nearest
            ? nearest.Location.Key + ToDisplayKey(key[nearest.Key.Length..])
            : ToDisplayKey(key);
    }

    /// <summary>The key itself or its nearest enclosing table that the file writes, with where.</summary>
    private (string Key, ConfigurationKeyLocation Location)? Nearest(string key)
    {
        for (var probe = key; probe.Length > 0; probe = Parent(probe))
        {
            if (locations.TryGetValue(probe, out var location))
            {
                return (probe, location);
            }
        }

        return null;
    }

    private static string Parent(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon < 0 ? string.Empty : key[..colon];
    }
}
