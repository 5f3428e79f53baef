using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Tests.Logging;

/// <summary>Events shaped like the host's own, for the formatter tests.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 9901, Level = LogLevel.Warning, Message = "Adapter {Adapter} step {Step} failed after {Attempts} attempts at {At}")]
    public static partial void StepFailed(ILogger logger, string adapter, string step, int attempts, DateTimeOffset at, Exception exception);

    [LoggerMessage(EventId = 9902, Level = LogLevel.Information, Message = "Loaded \"{Adapter}\" with roles {Roles}")]
    public static partial void Loaded(ILogger logger, string adapter, IReadOnlyList<string> roles);
}
