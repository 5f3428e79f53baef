namespace TeleportPlugins.Load.Scenarios;

/// <summary>Knobs shared by the scenarios.</summary>
public sealed class RunSettings
{
    /// <summary>The adapters to run (default: every shipped adapter).</summary>
    public IReadOnlyList<string> Adapters { get; init; } = Fakes.LoadTools.All;

    /// <summary>Requests in progress at once.</summary>
    public int Window { get; init; } = 256;

    /// <summary>The host's log severity (info, as in production, unless told).</summary>
    public string LogSeverity { get; init; } = "info";

    /// <summary>Where results are written.</summary>
    public string ResultsFolder { get; init; } = TeleportPlugins.Performance.Results.ResultsFolder.Default;

    /// <summary>Where progress lines go.</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;

    /// <summary>How often a progress line is printed while a scenario runs.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock progress lines are timed by.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether the load scenario also runs both ceilings after the host. Scale runs switch them off (<c>--no-ceilings</c>):
    /// at 100,000 requests the ceilings take longer than the host's part and measure the fakes' growing stores.
    /// </summary>
    public bool Ceilings { get; init; } = true;

    /// <summary>How long the host may take to become ready.</summary>
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromMinutes(5);
}
