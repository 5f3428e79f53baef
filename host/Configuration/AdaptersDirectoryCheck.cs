namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Whether the adapters directory can hold adapters at all. Checked before any adapter is looked at, so that a wrong or
/// missing directory is one clear problem instead of one "unknown adapter" or "unknown section" per adapter.
/// </summary>
internal static class AdaptersDirectoryCheck
{
    /// <summary>The configuration key of the directory.</summary>
    public const string Key = "adapters:directory";

    /// <summary>
    /// What is wrong with <paramref name="directory"/>: it does not exist, or it holds no folder although adapters are
    /// expected in it; null when it is usable.
    /// </summary>
    /// <param name="directory">The full path of the adapters directory.</param>
    /// <param name="configured">Whether <c>[adapters] directory</c> named it (else it is the default next to the executable).</param>
    /// <param name="adaptersExpected">
    /// Whether adapters must be there (some are enabled, or they are to be listed): an empty directory with none
    /// enabled runs nothing but is not wrong.
    /// </param>
    /// <returns>The problem, or null.</returns>
    public static string? Problem(string directory, bool configured, bool adaptersExpected)
    {
        var origin = configured ? "" : " (the default next to the executable; set [adapters] directory to the folder holding the adapters)";
        if (!Directory.Exists(directory))
        {
            return $"the adapters directory {directory} does not exist{origin}";
        }

        return !adaptersExpected || Directory.EnumerateDirectories(directory).Any()
            ? null
            : $"the adapters directory {directory} holds no adapter folders{origin}";
    }
}
