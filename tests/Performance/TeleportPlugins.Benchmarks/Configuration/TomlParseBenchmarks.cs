using BenchmarkDotNet.Attributes;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Configuration.Toml;
using TeleportPlugins.Host.Engine;

namespace TeleportPlugins.Benchmarks.Configuration;

/// <summary>
/// Reading the ~200-line configuration: the TOML reader alone, and the whole start-up path that also flattens it into
/// configuration keys, applies environment overrides and binds and validates the host's sections.
/// </summary>
[MemoryDiagnoser]
public class TomlParseBenchmarks
{
    private string _text = string.Empty;
    private string _directory = string.Empty;
    private string _path = string.Empty;

    /// <summary>Reads the sample once and writes it to a temporary file for the loader, which reads from disk.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _text = SampleConfiguration.Text;
        _directory = Path.Combine(Path.GetTempPath(), "tp-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, SampleConfiguration.FileName);
        File.WriteAllText(_path, _text);
    }

    /// <summary>Removes the temporary file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// The host's TOML reader on the text: Tomlyn's strict, validating parse and the walk of its syntax tree into keys
    /// with positions, nothing else.
    /// </summary>
    /// <returns>How many top-level tables the document has.</returns>
    [Benchmark]
    public int ParseToml() => TopLevelTables().Count();

    /// <summary>
    /// What <c>start</c> and <c>check</c> do before loading adapters: read the file, flatten it with key locations,
    /// add environment overrides, bind and validate [teleport], [adapters], [log], [http], [role_to_recipients],
    /// [watch] and [dispatch].
    /// </summary>
    /// <returns>Every configuration problem found.</returns>
    [Benchmark]
    public IReadOnlyList<string> LoadHostConfiguration()
    {
        var settings = HostConfigurationLoader.Load(_path, out var problems);
        if (settings is not null)
        {
            EngineOptions.Bind(settings, problems);
        }

        return problems.Messages;
    }

    /// <summary>The top-level tables <see cref="ParseToml"/> reads, for the correctness tests.</summary>
    /// <returns>Their names in document order.</returns>
    internal IReadOnlyList<string> ParsedSectionNames() => [.. TopLevelTables().Select(entry => entry.Path[0].Key!)];

    private IEnumerable<TomlEntry> TopLevelTables() =>
        TomlSyntaxFlattener.Flatten(TomlReader.Parse(_text, SampleConfiguration.FileName).Document!)
            .Where(entry => entry.Path.Count == 1 && entry.Kind == TomlEntryKind.Table);
}
