namespace TeleportPlugins.Benchmarks.Configuration;

/// <summary>
/// The production-sized configuration the TOML benchmarks read: every host section and all nine shipped adapters,
/// with comments, as <c>teleport-plugins configure</c> and the adapters' example.toml files write them.
/// </summary>
internal static class SampleConfiguration
{
    /// <summary>The file name error messages would name.</summary>
    public const string FileName = "teleport-plugins.toml";

    private const string ResourceName = "TeleportPlugins.Benchmarks.teleport-plugins.toml";

    private static readonly Lazy<string> Content = new(ReadResource);

    /// <summary>The shipped adapters, each of which has a section in the file.</summary>
    public static IReadOnlyList<string> Adapters { get; } =
        ["slack", "mattermost", "discord", "jira", "gitlab", "servicenow", "pagerduty", "opsgenie", "email"];

    /// <summary>The file's text.</summary>
    public static string Text => Content.Value;

    private static string ReadResource()
    {
        using var stream = typeof(SampleConfiguration).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the benchmarks assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
