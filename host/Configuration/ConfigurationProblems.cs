using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Collects every configuration problem so that all of them can be reported at once, each naming the file, line and
/// key as written (or the environment variable the value came from).
/// </summary>
internal sealed class ConfigurationProblems(ConfigurationKeyLocator locator)
{
    private readonly List<ConfigurationProblem> _problems = [];

    /// <summary>Says where keys come from.</summary>
    public ConfigurationKeyLocator Locator { get; } = locator;

    /// <summary>Whether any problem was found.</summary>
    public bool HasAny => _problems.Count > 0;

    /// <summary>Whether the file is not valid TOML (its settings then come from what did parse).</summary>
    public bool HasSyntaxErrors => _problems.Any(p => p.Source == ConfigurationProblemSource.Syntax);

    /// <summary>
    /// The problems: syntax errors first, then the file's other problems in line order (those with no line last), then
    /// environment variables'. A problem on a line that has a syntax error is left out: it is that error's echo.
    /// </summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            var syntaxLines = _problems.Where(p => p.Source == ConfigurationProblemSource.Syntax).Select(p => p.Line).ToHashSet();
            return
            [
                .. _problems
                    .Where(p => p.Source != ConfigurationProblemSource.File || !syntaxLines.Contains(p.Line))
                    .OrderBy(p => p.Source)
                    .ThenBy(p => p.Line)
                    .ThenBy(p => p.Column)
                    .Select(p => p.Text)
                    .Distinct(StringComparer.Ordinal),
            ];
        }
    }

    /// <summary>Records a problem with a key.</summary>
    /// <param name="key">The configuration key (<c>slack:token</c>).</param>
    /// <param name="message">What is wrong; never the value of a secret.</param>
    public void Add(string key, string message) => _problems.Add(Locator.Locate(key, message));

    /// <summary>Records a TOML error in the file.</summary>
    /// <param name="diagnostic">The error.</param>
    public void AddSyntax(TomlDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var key = diagnostic.Key is null ? string.Empty : diagnostic.Key + ": ";
        _problems.Add(new ConfigurationProblem(
            ConfigurationProblemSource.Syntax, diagnostic.Line, diagnostic.Column, $"{Locator.File}:{diagnostic.Line}:{diagnostic.Column}: {key}{diagnostic.Message}"));
    }

    /// <summary>Records a problem with the whole file.</summary>
    /// <param name="message">What is wrong.</param>
    public void AddForFile(string message) =>
        _problems.Add(new ConfigurationProblem(ConfigurationProblemSource.File, int.MaxValue, 0, $"{Locator.File}: {message}"));
}
