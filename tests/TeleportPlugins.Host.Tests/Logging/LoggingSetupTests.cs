using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Logging;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Logging;

/// <summary><c>[log] format</c> and <c>output</c>: the line a file gets is the line the console gets.</summary>
public sealed class LoggingSetupTests
{
    private const string Category = "TeleportPlugins.Host.Tests.Logging.Sample";
    private static readonly string[] Roles = ["db-admin", "prod"];

    [Test]
    public void Apply_JsonToFile_EachLineIsOneObjectWithTheEventAndItsFields()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("logs", "host.log");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 1, 2, 345, TimeSpan.Zero));

        WriteSampleEvents(new LogOptions { Output = log, Format = "JSON" }, clock);

        var lines = File.ReadAllLines(log);
        Assert.That(lines, Has.Length.EqualTo(2), string.Join('\n', lines));
        using var failed = JsonDocument.Parse(lines[0]);
        using var loaded = JsonDocument.Parse(lines[1]);
        var first = failed.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("timestamp").GetString(), Is.EqualTo("2026-12-07T06:01:02.345Z"));
            Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("warn"));
            Assert.That(first.GetProperty("category").GetString(), Is.EqualTo(Category));
            Assert.That(first.GetProperty("event_id").GetInt32(), Is.EqualTo(9901));
            Assert.That(first.GetProperty("event_name").GetString(), Is.EqualTo("StepFailed"));
            Assert.That(first.GetProperty("message").GetString(), Does.StartWith("Adapter slack step created failed after 3 attempts at "));
            Assert.That(first.GetProperty("exception").GetString(), Does.StartWith("System.TimeoutException: no answer in 30 s"));
            var fields = first.GetProperty("fields");
            Assert.That(fields.GetProperty("Adapter").GetString(), Is.EqualTo("slack"));
            Assert.That(fields.GetProperty("Step").GetString(), Is.EqualTo("created"));
            Assert.That(fields.GetProperty("Attempts").GetInt32(), Is.EqualTo(3));
            Assert.That(fields.GetProperty("At").GetString(), Is.EqualTo("2026-12-07T05:00:00.000Z"));
            Assert.That(fields.TryGetProperty("{OriginalFormat}", out _), Is.False, "the template is not a field");

            var second = loaded.RootElement;
            Assert.That(second.GetProperty("level").GetString(), Is.EqualTo("info"));
            Assert.That(second.GetProperty("message").GetString(), Is.EqualTo("Loaded \"jira+1\" with roles db-admin, prod"));
            Assert.That(second.GetProperty("fields").GetProperty("Roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "db-admin", "prod" }));
            Assert.That(second.TryGetProperty("exception", out _), Is.False);
        });
    }

    [Test]
    public void Apply_TextToFile_TheConsolesSingleLineFormat()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("host.log");

        WriteSampleEvents(new LogOptions { Output = log }, TimeProvider.System);

        var lines = File.ReadAllLines(log);
        Assert.That(lines, Has.Length.EqualTo(2), string.Join('\n', lines));
        Assert.Multiple(() =>
        {
            // What SimpleConsoleFormatter writes with [log]'s console settings: UTC timestamp, level, category[event id].
            Assert.That(lines[0], Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warn: " + Regex.Escape(Category) + @"\[9901\] Adapter slack step created failed after 3 attempts at .* System\.TimeoutException: no answer in 30 s$"));
            Assert.That(lines[1], Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: " + Regex.Escape(Category) + @"\[9902\] Loaded ""jira\+1"" with roles db-admin, prod$"));
        });
    }

    [Test]
    public void Apply_SeverityWarn_FileGetsOnlyWarningsAndAbove()
    {
        using var temp = new TempDirectory();
        var log = temp.Combine("host.log");

        WriteSampleEvents(new LogOptions { Output = log, Format = "json", Severity = "warn" }, TimeProvider.System);

        var levels = File.ReadAllLines(log).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.GetProperty("level").GetString();
        });
        Assert.That(levels, Is.EqualTo(new[] { "warn" }));
    }

    private static void WriteSampleEvents(LogOptions options, TimeProvider clock)
    {
        using var factory = LoggerFactory.Create(logging => LoggingSetup.Apply(logging, options, debug: false, clock));
        var logger = factory.CreateLogger(Category);
        var at = DateTimeOffset.Parse("2026-12-07T05:00:00Z", CultureInfo.InvariantCulture);
        SampleLog.StepFailed(logger, "slack", "created", 3, at, new TimeoutException("no answer in 30 s"));
        SampleLog.Loaded(logger, "jira+1", Roles);
    }
}
