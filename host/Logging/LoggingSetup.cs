using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TeleportPlugins.Host.Configuration;

namespace TeleportPlugins.Host.Logging;

/// <summary>Applies <c>[log]</c> (and <c>--debug</c>) to a logging builder.</summary>
internal static class LoggingSetup
{
    public static void Apply(ILoggingBuilder logging, LogOptions options, bool debug, TimeProvider timeProvider)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(debug ? LogLevel.Debug : ParseSeverity(options.Severity));
        // Framework chatter (HttpClient per-request lines) stays out unless debugging.
        logging.AddFilter("System.Net.Http", debug ? LogLevel.Debug : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        switch (options.Output.ToLowerInvariant())
        {
            case "stderr":
            case "stdout":
                var toStdout = options.Output.Equals("stdout", StringComparison.OrdinalIgnoreCase);
                logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    console.UseUtcTimestamp = true;
                    console.ColorBehavior = LoggerColorBehavior.Disabled;
                });
                logging.Services.Configure<ConsoleLoggerOptions>(console =>
                    console.LogToStandardErrorThreshold = toStdout ? LogLevel.None : LogLevel.Trace);
                break;
            default:
                logging.AddProvider(new FileLoggerProvider(options.Output, timeProvider));
                break;
        }
    }

    public static LogLevel ParseSeverity(string severity) => severity.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
