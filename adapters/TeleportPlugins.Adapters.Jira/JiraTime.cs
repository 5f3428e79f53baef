using System.Globalization;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>Jira's time stamps.</summary>
internal static class JiraTime
{
    /// <summary>Parses Jira's 2024-05-01T10:00:00.000+0000 (the framework reads it once the offset has a colon); MinValue when unreadable.</summary>
    /// <param name="text">The time as Jira writes it.</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset Parse(string? text)
    {
        if (text is { Length: > 5 } && text[^5] is '+' or '-' && text[^3] != ':')
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : DateTimeOffset.MinValue;
    }
}
