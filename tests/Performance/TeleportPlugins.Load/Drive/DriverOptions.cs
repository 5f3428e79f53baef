namespace TeleportPlugins.Load.Drive;

/// <summary>How <see cref="RequestDriver"/> paces a run.</summary>
public sealed class DriverOptions
{
    /// <summary>How many requests are in progress at once (created, not yet resolved everywhere that gates).</summary>
    public int Window { get; init; } = 256;

    /// <summary>Drop every watch stream after this many events (0: never).</summary>
    public int DropWatchEvery { get; init; }

    /// <summary>The tools whose arrival lets a request move to its next event (a hanging tool is left out).</summary>
    public IReadOnlyList<int> GatingTools { get; init; } = [];

    /// <summary>Give up when no request moved for this long.</summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromMinutes(3);
}
