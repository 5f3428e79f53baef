namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// The <c>email_threads</c> plugin-data value, in Teleport's format <c>email/timestamp/messageID,…</c>, so that a
/// team migrating from Teleport's plugin gets replies in the threads that plugin started.
/// </summary>
internal static class EmailThreads
{
    /// <summary>The plugin-data key.</summary>
    public const string Key = "email_threads";

    /// <summary>Whether a value can be stored in the format, which has no escaping.</summary>
    /// <param name="value">An address, timestamp or id.</param>
    /// <returns>Whether it contains neither '/' nor ','.</returns>
    public static bool IsStorable(string value) => value.IndexOfAny(['/', ',']) < 0;

    /// <summary>Reads the threads; malformed entries are skipped as Teleport's plugin does.</summary>
    /// <param name="value">The stored value, or null.</param>
    /// <returns>The threads, in the order they were started.</returns>
    public static IReadOnlyList<EmailThread> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var threads = new List<EmailThread>();
        foreach (var entry in value.Split(','))
        {
            var parts = entry.Split('/');
            if (parts.Length == 3 && parts[0].Length > 0 && parts[2].Length > 0)
            {
                threads.Add(new EmailThread(parts[0], parts[1], MessageIds.Normalize(parts[2])));
            }
        }

        return threads;
    }

    /// <summary>Writes the threads.</summary>
    /// <param name="threads">The threads.</param>
    /// <returns>The value to store.</returns>
    public static string Format(IEnumerable<EmailThread> threads) =>
        string.Join(',', threads.Select(thread => $"{thread.Email}/{thread.Timestamp}/{thread.MessageId}"));
}
