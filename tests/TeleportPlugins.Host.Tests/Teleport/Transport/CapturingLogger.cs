using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

/// <summary>Keeps every log entry so tests can check what was logged, and what was not.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<(LogLevel Level, EventId EventId, string Message)> entries = [];

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (entries)
        {
            entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
