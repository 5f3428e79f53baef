using System.Text.Json.Nodes;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>Runs one toml-test case and says how it went, so per-case tests and the summary judge alike.</summary>
internal static class TomlTestCaseRunner
{
    // Generous for one small file; its only job is to turn a hang into a failure.
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>Null when the case behaves as toml-test expects, else what went wrong.</summary>
    public static Task<string?> RunAsync(string relativeCase) =>
        relativeCase.StartsWith("valid/", StringComparison.Ordinal) ? RunValidAsync(relativeCase)
        : relativeCase.StartsWith("invalid/", StringComparison.Ordinal) ? RunInvalidAsync(relativeCase)
        : Task.FromResult<string?>(relativeCase + " is neither a valid/ nor an invalid/ case");

    /// <summary>The file must parse, through the same strict UTF-8 reader the configuration uses, to the expected JSON.</summary>
    public static async Task<string?> RunValidAsync(string relativeCase)
    {
        var path = TomlTestCorpus.PathOf(relativeCase);
        var expectedPath = Path.ChangeExtension(path, ".json");
        if (!File.Exists(expectedPath))
        {
            return "the corpus has no " + expectedPath;
        }

        TomlTable document;
        try
        {
            document = await ParseWithinLimitAsync(path);
        }
        catch (TomlParseException e)
        {
            return "rejected a valid document: " + e.Message;
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(expectedPath));
        return TomlTestJsonComparer.FindDifference(expected, TomlTestJson.From(document));
    }

    /// <summary>The file must be rejected with a <see cref="TomlParseException"/> that points into it.</summary>
    public static async Task<string?> RunInvalidAsync(string relativeCase)
    {
        var path = TomlTestCorpus.PathOf(relativeCase);
        try
        {
            var document = await ParseWithinLimitAsync(path);
            return "accepted an invalid document as " + TomlTestJson.From(document).ToJsonString();
        }
        catch (TomlParseException e)
        {
            // The last line of a file may be reported one past its final newline.
            var lines = (await File.ReadAllBytesAsync(path)).Count(b => b == '\n') + 1;
            return e.Line >= 1 && e.Line <= lines && e.Column >= 1 && e.Message.StartsWith(path + ":", StringComparison.Ordinal)
                ? null
                : "the error does not point into the file (" + lines + " lines): " + e.Message;
        }
    }

    private static Task<TomlTable> ParseWithinLimitAsync(string path) =>
        Task.Run(() => TomlParser.ParseFile(path)).WaitAsync(TimeLimit);
}
