using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeleportPlugins.Host.Loading;

/// <summary>
/// The <c>adapter.json</c> file every adapter folder carries: who the adapter is and which assembly to load.
/// </summary>
internal sealed record AdapterManifest
{
    /// <summary>The manifest's file name inside an adapter folder.</summary>
    public const string FileName = "adapter.json";

    /// <summary>The adapter's name; must equal its factory's <c>Name</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>The adapter's own version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    /// <summary>The contract version the adapter was built for, <c>major.minor</c>.</summary>
    [JsonPropertyName("contractVersion")]
    public string ContractVersion { get; init; } = string.Empty;

    /// <summary>The file name of the assembly holding the factory, relative to the folder.</summary>
    [JsonPropertyName("entryAssembly")]
    public string EntryAssembly { get; init; } = string.Empty;

    /// <summary>Reads and checks a manifest.</summary>
    /// <param name="path">The manifest file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="AdapterLoadException">The file is missing, malformed or incomplete.</exception>
    public static AdapterManifest Read(string path)
    {
        AdapterManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, AdapterManifestJsonContext.Default.AdapterManifest);
        }
        catch (FileNotFoundException)
        {
            throw new AdapterLoadException($"no {FileName} in the folder");
        }
        catch (JsonException e)
        {
            throw new AdapterLoadException($"{FileName} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        if (manifest is null)
        {
            throw new AdapterLoadException($"{FileName} is empty");
        }

        var missing = new[] { ("name", manifest.Name), ("version", manifest.Version), ("contractVersion", manifest.ContractVersion), ("entryAssembly", manifest.EntryAssembly) }
            .Where(field => string.IsNullOrWhiteSpace(field.Item2))
            .Select(field => field.Item1)
            .ToArray();
        if (missing.Length > 0)
        {
            throw new AdapterLoadException($"{FileName} lacks {string.Join(", ", missing)}");
        }

        if (manifest.EntryAssembly.Contains('/', StringComparison.Ordinal) || manifest.EntryAssembly.Contains('\\', StringComparison.Ordinal))
        {
            throw new AdapterLoadException($"{FileName}: entryAssembly must be a file name inside the folder, not a path");
        }

        return manifest;
    }

    /// <summary>The declared contract version, parsed.</summary>
    /// <returns>The version.</returns>
    /// <exception cref="AdapterLoadException">It is not <c>major.minor</c>.</exception>
    public Version ParseContractVersion()
    {
        if (System.Version.TryParse(ContractVersion, out var version))
        {
            return version;
        }

        throw new AdapterLoadException($"{FileName}: contractVersion '{ContractVersion}' is not major.minor");
    }
}
