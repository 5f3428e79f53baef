namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// "Did you mean": the known name closest to a misspelt one by edit distance (insertions, deletions, substitutions
/// and swaps of neighbours). Hand-written: a dozen lines, and no library in the build offers it.
/// </summary>
internal static class NameSuggester
{
    /// <summary>The closest candidate within a third of the name's length (at least one edit); null when none is that close.</summary>
    /// <param name="name">The name as written.</param>
    /// <param name="candidates">The known names.</param>
    /// <returns>The suggestion, or null.</returns>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var limit = Math.Max(1, name.Length / 3);
        return candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(pair => pair.Distance > 0 && pair.Distance <= limit)
            .OrderBy(pair => pair.Distance)
            .ThenBy(pair => pair.Candidate, StringComparer.Ordinal)
            .Select(pair => pair.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
