using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration;

namespace TeleportPlugins.Host.Tests.Configuration;

public sealed class OptionsBinderTests
{
    [Test]
    public void Bind_SecretGivenAsAbsolutePath_ReadFromFileAndNeverPrinted()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"tp-secret-{Guid.NewGuid():N}");
        File.WriteAllText(secretFile, "xoxb-very-secret\n");
        try
        {
            var (options, problems) = Bind(new() { ["s:token"] = secretFile, ["s:port"] = "not-a-number", ["s:api_key"] = "plain-secret-value" });

            Assert.That(options.Token, Is.EqualTo("xoxb-very-secret"));
            Assert.That(options.ApiKey, Is.EqualTo("plain-secret-value"));
            Assert.That(problems.Messages, Is.EqualTo(new[] { "c.toml: s.port: expected an integer, got 'not-a-number'" }));
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Test]
    public void Bind_SecretWithWrongType_MessageOmitsTheValue()
    {
        var (_, problems) = Bind(new() { ["s:token"] = "t", ["s:pin"] = "hunter2" });

        Assert.That(problems.Messages, Is.EqualTo(new[] { "c.toml: s.pin: expected an integer" }));
    }

    [Test]
    public void Bind_UnreadableSecretFile_NamesThePath()
    {
        var (_, problems) = Bind(new() { ["s:token"] = "/nonexistent/token" });

        Assert.That(problems.Messages.Single(), Does.StartWith("c.toml: s.token: cannot read the secret from file /nonexistent/token"));
    }

    [Test]
    public void Bind_ValidationAttributesAndValidatableObject_AllReported()
    {
        var (_, problems) = Bind(new() { ["s:port"] = "70000", ["s:recipients:0"] = "a" });

        Assert.That(problems.Messages, Is.EquivalentTo(new[]
        {
            "c.toml: s.token: is required",
            "c.toml: s.port: The field port must be between 1 and 65535.",
            "c.toml: s.recipients: one recipient is not enough",
        }));
    }

    [Test]
    public void Bind_ValidValues_TypesConverted()
    {
        var (options, problems) = Bind(new()
        {
            ["s:token"] = "t", ["s:port"] = "8443", ["s:timeout"] = "1m30s", ["s:recipients:0"] = "a", ["s:recipients:1"] = "b",
            ["s:url"] = "https://x.example.com", ["s:nested:name"] = "n",
        });

        Assert.That(problems.Messages, Is.Empty);
        Assert.That(options.Port, Is.EqualTo(8443));
        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(options.Recipients, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(options.Url, Is.EqualTo(new Uri("https://x.example.com")));
        Assert.That(options.Nested.Name, Is.EqualTo("n"));
    }

    [Test]
    public void Bind_NullableValues_ConvertedLikeTheirUnderlyingType()
    {
        var (options, problems) = Bind(new() { ["s:token"] = "t", ["s:grace"] = "5m", ["s:limit"] = "7" });

        Assert.That(problems.Messages, Is.Empty);
        Assert.That(options.Grace, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.Limit, Is.EqualTo(7));
    }

    [Test]
    public void Bind_NullableValuesAbsentOrMalformed_NullOrReported()
    {
        var (absent, none) = Bind(new() { ["s:token"] = "t" });
        var (_, problems) = Bind(new() { ["s:token"] = "t", ["s:grace"] = "soon", ["s:limit"] = "many" });

        Assert.That(none.Messages, Is.Empty);
        Assert.That((absent.Grace, absent.Limit), Is.EqualTo(((TimeSpan?)null, (int?)null)));
        Assert.That(problems.Messages, Is.EquivalentTo(new[]
        {
            "c.toml: s.grace: expected a duration such as \"90s\", \"5m\" or \"1h30m\", got 'soon'",
            "c.toml: s.limit: expected an integer, got 'many'",
        }));
    }

    [Test]
    public void Bind_ArrayWhereStringExpected_Reported()
    {
        var (_, problems) = Bind(new() { ["s:token"] = "t", ["s:url:0"] = "x" });

        Assert.That(problems.Messages, Is.EqualTo(new[] { "c.toml: s.url: expected a URL, got a table or array" }));
    }

    [TestCase("90s", 90_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("250ms", 250)]
    [TestCase("00:02:00", 120_000)]
    [TestCase("1.5s", 1_500)]
    public void DurationParser_GoAndDotNetForms(string text, int milliseconds)
    {
        Assert.That(DurationParser.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("")]
    [TestCase("5 minutes")]
    [TestCase("10")]
    [TestCase("1x")]
    public void DurationParser_Garbage_Refused(string text) => Assert.That(DurationParser.TryParse(text, out _), Is.False);

    private static (SampleOptions Options, ConfigurationProblems Problems) Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var problems = new ConfigurationProblems(new ConfigurationKeyLocator("c.toml", new Dictionary<string, ConfigurationKeyLocation>(), new Dictionary<string, string>()));
        var options = new OptionsBinder(problems).Bind<SampleOptions>(configuration.GetSection("s"));
        return (options, problems);
    }

    internal sealed class SampleOptions : IValidatableObject
    {
        [Required]
        [Secret]
        [ConfigurationKeyName("token")]
        public string? Token { get; set; }

        [Secret]
        [ConfigurationKeyName("api_key")]
        public string? ApiKey { get; set; }

        [Secret]
        [ConfigurationKeyName("pin")]
        public int Pin { get; set; }

        [System.ComponentModel.DataAnnotations.Range(1, 65535)]
        [ConfigurationKeyName("port")]
        public int Port { get; set; } = 443;

        [ConfigurationKeyName("timeout")]
        public TimeSpan Timeout { get; set; }

        [ConfigurationKeyName("grace")]
        public TimeSpan? Grace { get; set; }

        [ConfigurationKeyName("limit")]
        public int? Limit { get; set; }

        [ConfigurationKeyName("recipients")]
        public IReadOnlyList<string> Recipients { get; set; } = [];

        [ConfigurationKeyName("url")]
        public Uri? Url { get; set; }

        [ConfigurationKeyName("nested")]
        public NestedOptions Nested { get; set; } = new();

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Recipients.Count == 1)
            {
                yield return new ValidationResult("one recipient is not enough", [nameof(Recipients)]);
            }
        }
    }

    internal sealed class NestedOptions
    {
        [ConfigurationKeyName("name")]
        public string Name { get; set; } = string.Empty;
    }
}
