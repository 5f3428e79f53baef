using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Engine;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Loading;
using TeleportPlugins.Host.Logging;
using TeleportPlugins.Host.Runtime;
using TeleportPlugins.Host.State;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Cli;

/// <summary><c>start -c FILE [--debug]</c>: runs the host until SIGTERM or SIGINT.</summary>
internal static class StartCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = CommandLine.ConfigOption(required: true);
        var debug = new Option<bool>("--debug", "-d") { Description = "Log at debug level, whatever [log] severity says" };
        var command = new Command("start", "Start the host: load the adapters and serve access requests") { config, debug };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(config)!, result.GetValue(debug), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, bool debug, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = HostConfigurationLoader.Load(configPath, out var problems);
        ConfigurationSession session;
        // Logging comes from [log], and must exist before loading so that a folder that fails to load is logged.
        // Only the enabled adapters are loaded: a folder that is installed but not enabled costs nothing and cannot
        // break or clutter the start.
        using (var loaderLogging = LoggerFactory.Create(logging => ApplyLogging(logging, settings, debug)))
        {
            session = ConfigurationSession.Open(settings, problems, loaderLogging, AdapterSelection.Enabled);
        }

        var engineOptions = session.Settings is null ? null : EngineOptions.Bind(session.Settings, session.Problems);
        if (session.Settings is not null)
        {
            TeleportIdentityCheck.Check(session.Settings.Teleport, TimeProvider.System, session.Problems);
        }

        if (session.Problems.HasAny || session.Settings is null || engineOptions is null)
        {
            session.WriteProblems(error);
            await error.WriteLineAsync($"{session.Problems.Messages.Count} configuration problem(s); not starting.");
            return ExitCodes.BadConfiguration;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        // Under systemd (host/deploy/systemd, Type=notify) the unit becomes active only when the host has started, and
        // SIGTERM is a graceful stop; it does nothing when not started by systemd. Before the logging set-up, because
        // under systemd it also picks the console's formatter, and the configured [log] format must win.
        builder.Services.AddSystemd();
        ApplyLogging(builder.Logging, settings, debug);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(TimeProvider.System);
        // The listener first: while Teleport is still being waited for, /healthz answers and /readyz says not ready.
        AddInboundHttp(builder.Services, session.Settings);
        AddTeleport(builder.Services, session.Settings);
        builder.Services.AddSingleton<AdapterRuntime>();
        builder.Services.AddSingleton(session.Settings);
        builder.Services.AddSingleton(session.Configured);
        builder.Services.AddHostedService<AdapterHostService>();

        // After AddTeleport (it needs the ITeleportClient) and AdapterHostService (it starts once the adapters did).
        builder.Services.AddEngine(engineOptions);
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (TeleportStartupException e) when (e.IsConfigurationProblem)
        {
            await error.WriteLineAsync($"{configPath}: {e.Message}");
            await error.WriteLineAsync("1 configuration problem(s); not starting.");
            return ExitCodes.BadConfiguration;
        }
        catch (TeleportStartupException e)
        {
            await error.WriteLineAsync($"cannot start: {e.Message}");
            return ExitCodes.TeleportUnavailable;
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM, SIGINT) while still waiting for Teleport: as clean as any requested stop.
        }

        // A requested stop is a clean exit: the token is cancelled by now, so don't hand it on.
        await output.FlushAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static void AddTeleport(IServiceCollection services, HostSettings settings)
    {
        services.AddSingleton(settings.Teleport);
        services.AddSingleton<TeleportClusterState>();
        services.AddSingleton(provider => TeleportConnection.Open(settings.Teleport, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ITeleportClient>(provider => provider.GetRequiredService<TeleportConnection>().Client);
        services.AddSingleton<Func<TeleportConnection>>(provider => provider.GetRequiredService<TeleportConnection>);
        services.AddSingleton<Func<string, IAdapterStateReader>>(provider => adapterName =>
            new PluginDataStateReader(provider.GetRequiredService<ITeleportClient>(), adapterName));
        // Before the adapters: none starts unless the cluster answered.
        services.AddHostedService<TeleportStartupService>();
    }

    private static void AddInboundHttp(IServiceCollection services, HostSettings settings)
    {
        services.AddSingleton(settings.Http);
        services.AddSingleton<InboundRouteTable>();
        // First hosted service: /healthz answers while Teleport and the adapters start, and /readyz says why the host is not ready yet.
        services.AddHostedService<InboundHttpServer>();
    }

    private static void ApplyLogging(ILoggingBuilder logging, HostSettings? settings, bool debug) =>
        LoggingSetup.Apply(logging, settings?.Log ?? new LogOptions(), debug, TimeProvider.System);
}
