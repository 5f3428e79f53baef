using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace TeleportPlugins.Performance.Results;

/// <summary>The machine and build a result was measured on.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Dotnet">The runtime, e.g. ".NET 10.0.0".</param>
/// <param name="Os">The operating system.</param>
/// <param name="Commit">The repository's commit (full hash), or "unknown".</param>
/// <param name="MeasuredAt">When.</param>
public sealed record RunEnvironment(int Cores, string Dotnet, string Os, string Commit, DateTimeOffset MeasuredAt)
{
    /// <summary>What <see cref="Commit"/> says when git could not tell.</summary>
    public const string UnknownCommit = "unknown";

    /// <summary>The commit as people read it: its first seven characters.</summary>
    [JsonIgnore]
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;

    /// <summary>This machine, now.</summary>
    /// <param name="repository">The repository root (for the commit).</param>
    /// <param name="time">The clock (the system's when null).</param>
    /// <returns>The environment.</returns>
    public static RunEnvironment Capture(string repository, TimeProvider? time = null) => new(
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        GitCommit.Read(repository) ?? UnknownCommit,
        (time ?? TimeProvider.System).GetUtcNow());
}
