using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Flattens a TOML file into configuration keys (<c>[slack] token</c> becomes <c>slack:token</c>, array elements
/// <c>key:0</c>), remembers where each key was written and how, and keeps every error instead of throwing at the first.
/// </summary>
internal sealed class TomlConfigurationProvider : ConfigurationProvider
{
    private static readonly Dictionary<string, ConfigurationKeyLocation> NoLocations = [];

    /// <summary>Creates the provider; nothing is read until <see cref="Load"/>.</summary>
    /// <param name="path">The file, as the user gave it.</param>
    public TomlConfigurationProvider(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file, as the user gave it.</summary>
    public string Path { get; }

    /// <summary>
    /// Where each key was defined and how it is spelt there, keyed like <see cref="ConfigurationProvider.Data"/>
    /// (ignoring case). Tables have entries too: <c>slack</c> points at <c>[slack]</c>, or at the first dotted key that
    /// created it.
    /// </summary>
    public IReadOnlyDictionary<string, ConfigurationKeyLocation> Locations { get; private set; } = NoLocations;

    /// <summary>Every error in the file, in file order; the keys that did parse are loaded all the same.</summary>
    public IReadOnlyList<TomlDiagnostic> Diagnostics { get; private set; } = [];

    /// <summary>Whether the file could be decoded at all (it is UTF-8); when not, nothing is loaded.</summary>
    public bool IsReadable { get; private set; }

    /// <summary>Reads and flattens the file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public override void Load()
    {
        var result = TomlReader.ReadFile(Path, Path);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var locations = new Dictionary<string, ConfigurationKeyLocation>(StringComparer.OrdinalIgnoreCase);
        var diagnostics = result.Diagnostics.ToList();
        foreach (var entry in result.Document is null ? [] : TomlSyntaxFlattener.Flatten(result.Document))
        {
            var key = TomlPathSegment.ToConfigurationKey(entry.Path);
            var written = TomlPathSegment.ToDisplay(entry.Path);
            if (locations.TryGetValue(key, out var first))
            {
                // TOML keys are case-sensitive and configuration keys are not: keys that would merge are an error, not a coin toss.
                // Identical ones are a duplicate Tomlyn has already reported.
                if (!string.Equals(first.Key, written, StringComparison.Ordinal))
                {
                    diagnostics.Add(new TomlDiagnostic(entry.Line, entry.Column, written, $"also defined at line {first.Line}, column {first.Column} as '{first.Key}'; configuration keys ignore case"));
                }

                continue;
            }

            locations.Add(key, new ConfigurationKeyLocation(Path, entry.Line, entry.Column, written));

            // A table or array with nothing in it still shows up, so code can tell "given, all defaults" from "absent".
            data[key] = entry.Kind == TomlEntryKind.Scalar ? TomlScalarText.Format(entry.Value) : null;
            if (entry.Path.Count > 1)
            {
                var parent = TomlPathSegment.ToConfigurationKey(entry.Path.Take(entry.Path.Count - 1));
                if (data.TryGetValue(parent, out var parentValue) && parentValue is null)
                {
                    data.Remove(parent);
                }
            }
        }

        Data = data;
        Locations = locations;
        Diagnostics = [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)];
        IsReadable = result.Document is not null;
    }

    /// <inheritdoc />
    public override string ToString() => nameof(TomlConfigurationProvider) + " for '" + Path + "'";
}
