namespace TeleportPlugins.HostRunner;

/// <summary>How to start the host as a child process.</summary>
public sealed record HostProcessOptions
{
    /// <summary>The TOML configuration file, passed as <c>start -c &lt;path&gt;</c>.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The host's assembly; by default <c>teleport-plugins.dll</c> next to the calling program.</summary>
    public string HostAssembly { get; init; } = Path.Combine(AppContext.BaseDirectory, "teleport-plugins.dll");

    /// <summary>Arguments after <c>start -c &lt;path&gt;</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Environment variables set (or, with a null value, removed) for the child on top of this process's.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The child's working directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Called with every line the host writes to stdout or stderr, on a thread-pool thread.</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>How long <see cref="HostProcess.StopAsync"/> waits after SIGTERM before it kills the host.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for the ready and stop limits.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
