using System.Globalization;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Load.Measure;

/// <summary>
/// Tags a load request's texts so a fake can tell which request and which event a call belongs to. The marker
/// (<c>zq</c> + event letter + request number + <c>zq</c>) is letters and digits only, so it survives every adapter's
/// rendering (JSON, Markdown code blocks, Jira wiki markup, quoting, form encoding).
/// </summary>
public static partial class Markers
{
    private const string Letters = "cabx";

    /// <summary>The marker of <paramref name="requestEvent"/> of request <paramref name="index"/>.</summary>
    /// <param name="requestEvent">The event.</param>
    /// <param name="index">The request's number in the run.</param>
    /// <returns>e.g. <c>zqc42zq</c>.</returns>
    public static string Of(RequestEvent requestEvent, int index) => string.Create(CultureInfo.InvariantCulture, $"zq{Letters[(int)requestEvent]}{index}zq");

    /// <summary>Every marker in <paramref name="text"/>.</summary>
    /// <param name="text">A request body.</param>
    /// <returns>The (event, index) pairs, in order of appearance.</returns>
    public static IEnumerable<(RequestEvent RequestEvent, int Index)> In(string text)
    {
        if (!text.Contains("zq", StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (Match match in Pattern().Matches(text))
        {
            yield return ((RequestEvent)Letters.IndexOf(match.Groups[1].Value[0], StringComparison.Ordinal), int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex("zq([cabx])([0-9]{1,9})zq", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
