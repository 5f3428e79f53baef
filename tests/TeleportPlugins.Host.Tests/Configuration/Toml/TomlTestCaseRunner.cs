using System.Text.Json.Nodes;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>Runs one toml-test case through the configuration's reader and says how it went, so per-case tests and the summary judge alike.</summary>
internal static class TomlTestCaseRunner
{
    // Generous for one small file; its only job is to turn a hang into a failure.
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>Null when the case behaves as toml-test expects, else what went wrong.</summary>
    public static Task<string?> RunAsync(string relativeCase) =>
        relativeCase.StartsWith("valid/", StringComparison.Ordinal) ? RunValidAsync(relativeCase)
        : relativeCase.StartsWith("invalid/", StringComparison.Ordinal) ? RunInvalidAsync(relativeCase)
        : Task.FromResult<string?>(relativeCase + " is neither a valid/ nor an invalid/ case");

    /// <summary>The file must read without an error, through the same strict UTF-8 reader the configuration uses, to the expected JSON.</summary>
    public static async Task<string?> RunValidAsync(string relativeCase)
    {
        var path = TomlTestCorpus.PathOf(relativeCase);
        var expectedPath = Path.ChangeExtension(path, ".json");
        if (!File.Exists(expectedPath))
        {
            return "the corpus has no " + expectedPath;
        }

        var result = await ReadWithinLimitAsync(path);
        if (result.Diagnostics.Count > 0 || result.Document is null)
        {
            return "rejected a valid document: " + string.Join("; ", result.Diagnostics);
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(expectedPath));
        return TomlTestJsonComparer.FindDifference(expected, TomlTestJson.From(TomlSyntaxFlattener.Flatten(result.Document)));
    }

    /// <summary>The file must be rejected with at least one error that points into it.</summary>
    public static async Task<string?> RunInvalidAsync(string relativeCase)
    {
        var path = TomlTestCorpus.PathOf(relativeCase);
        var result = await ReadWithinLimitAsync(path);
        if (result.Diagnostics.Count == 0)
        {
            return "accepted an invalid document as " + TomlTestJson.From(TomlSyntaxFlattener.Flatten(result.Document!)).ToJsonString();
        }

        // The last line of a file may be reported one past its final newline.
        var lines = (await File.ReadAllBytesAsync(path)).Count(b => b == '\n') + 1;
        return result.Diagnostics.All(d => d.Line >= 1 && d.Line <= lines && d.Column >= 1)
            ? null
            : "an error does not point into the file (" + lines + " lines): " + string.Join("; ", result.Diagnostics);
    }

    private static Task<TomlReadResult> ReadWithinLimitAsync(string path) =>
        Task.Run(() => TomlReader.ReadFile(path, path)).WaitAsync(TimeLimit);
}
