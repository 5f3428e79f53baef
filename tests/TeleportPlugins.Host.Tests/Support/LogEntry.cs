using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>One message kept by <see cref="ListLogger{T}"/>.</summary>
internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
