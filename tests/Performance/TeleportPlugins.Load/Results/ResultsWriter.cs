using System.Globalization;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Load.Results;

/// <summary>
/// Writes a <see cref="ScenarioResult"/> as <c>&lt;name&gt;.json</c> (snake_case) and <c>&lt;name&gt;.md</c> (a table per
/// scenario) through <see cref="ResultsFolder"/>, which regenerates the folder's <c>README.md</c>.
/// </summary>
public static class ResultsWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <paramref name="result"/> into <paramref name="folder"/>.</summary>
    /// <param name="result">The outcome.</param>
    /// <param name="folder">The results folder.</param>
    /// <returns>The Markdown written.</returns>
    public static string Write(ScenarioResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        var markdown = Markdown(result);
        ResultsFolder.Write(folder, result.Name, JsonSerializer.Serialize(result, Json) + "\n", markdown);
        return markdown;
    }

    /// <summary>The Markdown table of a result.</summary>
    /// <param name="result">The outcome.</param>
    /// <returns>A heading, the environment, the settings and one row per metric.</returns>
    public static string Markdown(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var environment = result.Environment;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {result.Title}")
            .AppendLine()
            .AppendLine(result.Description)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{environment.Cores} cores · {environment.Dotnet} · {environment.Os} · commit {environment.ShortCommit} · {environment.MeasuredAt:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Settings: {string.Join(", ", result.Settings.Select(s => $"{s.Key} = {s.Value}"))}")
            .AppendLine()
            .AppendLine("| Metric | Value | Target |")
            .AppendLine("|---|---:|---|");
        foreach (var metric in result.Metrics)
        {
            var target = metric.Target is null ? string.Empty : $"{metric.Target} {(metric.Met == true ? "✅" : "❌")}";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {metric.Name} | {Format(metric.Value)}{(metric.Unit.Length > 0 ? " " + metric.Unit : string.Empty)} | {target} |");
        }

        return text.ToString();
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 100 ? "#,0.0" : "0.###", CultureInfo.InvariantCulture);
}
