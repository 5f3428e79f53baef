using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>An <see cref="ILogger{T}"/> that keeps what was logged, for asserting on it.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<LogEntry> entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (gate)
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
        ArgumentNullException.ThrowIfNull(formatter);
        lock (gate)
        {
            entries.Add(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
        }
    }
}
