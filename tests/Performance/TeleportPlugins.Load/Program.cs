using System.CommandLine;
using TeleportPlugins.Load.Fakes;
using TeleportPlugins.Load.Results;
using TeleportPlugins.Load.Scenarios;

namespace TeleportPlugins.Load;

/// <summary>
/// <c>dotnet run -c Release --project tests/Performance/TeleportPlugins.Load -- &lt;scenario&gt;</c>: load, reconcile,
/// footprint, faults. Each writes JSON and Markdown into tests/Performance/results/ and prints its table.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var adapters = new Option<string[]>("--adapters") { Description = "Adapters to run (default: every shipped adapter)", AllowMultipleArgumentsPerToken = true };
        var window = new Option<int>("--window") { Description = "Requests in progress at once", DefaultValueFactory = _ => 256 };
        var severity = new Option<string>("--log-severity") { Description = "The host's log severity", DefaultValueFactory = _ => "info" };
        var results = new Option<string?>("--results") { Description = "Results folder (default: tests/Performance/results)" };
        var noCeilings = new Option<bool>("--no-ceilings") { Description = "load: skip both ceiling runs (for scale runs, where they outlast the host's part)" };
        var requests = new Option<int[]>("--requests") { Description = "Request counts", AllowMultipleArgumentsPerToken = true };

        var root = new RootCommand("TeleportPlugins load tool: throughput, latency, memory and survival under faults of the real host");
        var load = Scenario("load", "R requests × (created, 2 reviews, resolved) through every adapter, then the ceiling; R defaults to 1000 10000 100000", requests, noCeilings);
        load.SetAction(async (parse, token) =>
        {
            foreach (var count in Counts(parse.GetValue(requests), [1_000, 10_000, 100_000]))
            {
                Print(await LoadScenario.RunAsync(count, Settings(parse), token));
            }

            return 0;
        });
        var reconcile = Scenario("reconcile", "Start-up reconcile of pending requests; sizes default to 10000 100000", requests);
        reconcile.SetAction(async (parse, token) =>
        {
            Print(await ReconcileScenario.RunAsync(Counts(parse.GetValue(requests), [10_000, 100_000]), Settings(parse), token));
            return 0;
        });
        var footprint = Scenario("footprint", "Idle host RSS with 0, 1 and all adapters");
        footprint.SetAction(async (parse, token) =>
        {
            Print(await FootprintScenario.RunAsync(Settings(parse), TimeSpan.FromSeconds(15), token));
            return 0;
        });
        var faults = Scenario("faults", "Fault run: watch drops, 5% 503, 2% 429, a hanging adapter, SIGKILL + restart; R defaults to 10000", requests);
        faults.SetAction(async (parse, token) =>
        {
            var settings = Settings(parse);
            var hanging = settings.Adapters.Contains("jira", StringComparer.Ordinal) ? "jira" : settings.Adapters[0];
            var report = await FaultScenario.RunAsync(new FaultRunOptions { Requests = Counts(parse.GetValue(requests), [10_000])[0], HangingAdapter = hanging }, settings, token);
            Print(report.Result);
            return report.Result.TargetsMet ? 0 : 1;
        });
        foreach (var command in new[] { load, reconcile, footprint, faults })
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).InvokeAsync();

        Command Scenario(string name, string description, params Option[] own)
        {
            var command = new Command(name, description);
            foreach (var option in own.Concat([adapters, window, severity, results]))
            {
                command.Options.Add(option);
            }

            return command;
        }

        RunSettings Settings(ParseResult parse) => new()
        {
            Adapters = parse.GetValue(adapters) is { Length: > 0 } chosen ? chosen : LoadTools.All,
            Window = parse.GetValue(window),
            LogSeverity = parse.GetValue(severity)!,
            ResultsFolder = parse.GetValue(results) ?? TeleportPlugins.Performance.Results.ResultsFolder.Default,
            Progress = Console.Out,
            Ceilings = !parse.GetValue(noCeilings),
        };
    }

    private static int[] Counts(int[]? given, int[] defaults) => given is { Length: > 0 } ? given : defaults;

    private static void Print(ScenarioResult result) => Console.WriteLine(ResultsWriter.Markdown(result));
}
