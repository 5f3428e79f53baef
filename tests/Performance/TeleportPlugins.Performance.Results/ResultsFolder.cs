using System.Text;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Performance.Results;

/// <summary>
/// The results folder: each run writes <c>&lt;name&gt;.json</c> (for tools) and <c>&lt;name&gt;.md</c> (for people), and
/// the folder's <c>README.md</c>, which gathers every table there (the repository's README links it), is regenerated.
/// </summary>
public static class ResultsFolder
{
    /// <summary>tests/Performance/results in the repository.</summary>
    public static string Default => Path.Combine(RepositoryPaths.Root, "tests", "Performance", "results");

    /// <summary>Writes a run's two files into <paramref name="folder"/> (created if needed) and regenerates its README.</summary>
    /// <param name="folder">The results folder.</param>
    /// <param name="name">The files' name without extension, e.g. <c>load-1000</c> or <c>micro</c>.</param>
    /// <param name="json">The JSON text.</param>
    /// <param name="markdown">The Markdown text, starting with its heading.</param>
    public static void Write(string folder, string name, string json, string markdown)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".json"), json);
        File.WriteAllText(Path.Combine(folder, name + ".md"), markdown);
        WriteIndex(folder);
    }

    private static void WriteIndex(string folder)
    {
        var text = new StringBuilder()
            .AppendLine("# Performance results")
            .AppendLine()
            .AppendLine("The latest run of each scenario (regenerated whenever one is written). How to run them: the README's \"Performance\" section.")
            .AppendLine();
        foreach (var file in Directory.GetFiles(folder, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            text.AppendLine(File.ReadAllText(file).TrimEnd()).AppendLine();
        }

        File.WriteAllText(Path.Combine(folder, "README.md"), text.ToString());
    }
}
