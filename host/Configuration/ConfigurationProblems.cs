namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Collects every configuration problem so that all of them can be reported at once, each naming the file, line and
/// key (or the environment variable the value came from).
/// </summary>
internal sealed class ConfigurationProblems(ConfigurationKeyLocator locator)
{
    private readonly List<string> _messages = [];

    /// <summary>Whether any problem was found.</summary>
    public bool HasAny => _messages.Count > 0;

    /// <summary>The problems, formatted <c>file:line:column: key: message</c>, in the order found.</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>Records a problem with a key.</summary>
    /// <param name="key">The configuration key (<c>slack:token</c>).</param>
    /// <param name="message">What is wrong; never the value of a secret.</param>
    public void Add(string key, string message) => _messages.Add($"{locator.Describe(key)}: {message}");

    /// <summary>Records a problem whose message already says where it is (a TOML syntax error: <c>file:line:column: ...</c>).</summary>
    /// <param name="message">The located message.</param>
    public void AddLocated(string message) => _messages.Add(message);

    /// <summary>Records a problem with the whole file.</summary>
    /// <param name="message">What is wrong.</param>
    public void AddForFile(string message) => _messages.Add($"{locator.File}: {message}");
}
