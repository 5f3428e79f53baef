using System.Globalization;

namespace TeleportPlugins.Adapters.Common;

/// <summary>Keeps user-supplied text (reasons, names) within a tool's limits without breaking characters.</summary>
public static class TextLimits
{
    /// <summary>The marker appended to truncated text.</summary>
    public const string TruncatedMarker = " … (truncated)";

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> UTF-16 units including the marker, never
    /// inside a surrogate pair or a combined character.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The limit, in UTF-16 code units as most APIs count.</param>
    /// <returns>The text, or its longest whole-character prefix followed by <see cref="TruncatedMarker"/>.</returns>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, TruncatedMarker.Length + 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var budget = maxLength - TruncatedMarker.Length;
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext() && elements.ElementIndex + elements.GetTextElement().Length <= budget)
        {
            cut = elements.ElementIndex + elements.GetTextElement().Length;
        }

        return string.Concat(text.AsSpan(0, cut), TruncatedMarker);
    }
}
