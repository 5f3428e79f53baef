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

        // The console provider also registers the formatters; the file provider borrows the chosen one from it, so
        // text and JSON lines are the same on the console and in the file.
        var formatterName = options.IsJson ? JsonLineFormatter.FormatterName : ConsoleFormatterNames.Simple;
        logging.Services.AddSingleton<ConsoleFormatter>(new JsonLineFormatter(timeProvider));
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        var output = options.Output.ToLowerInvariant();
        logging.Services.Configure<ConsoleLoggerOptions>(console =>
        {
            console.FormatterName = formatterName;
            console.LogToStandardErrorThreshold = output == "stdout" ? LogLevel.None : LogLevel.Trace;
        });
        if (output is not ("stderr" or "stdout"))
        {
            // A file instead of the console: keep the formatters, drop the console provider.
            var console = logging.Services.Single(s => s.ServiceType == typeof(ILoggerProvider) && s.ImplementationType == typeof(ConsoleLoggerProvider));
            logging.Services.Remove(console);
            logging.Services.AddSingleton<ILoggerProvider>(provider => new FileLoggerProvider(
                options.Output,
                provider.GetServices<ConsoleFormatter>().Single(f => f.Name == formatterName)));
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
