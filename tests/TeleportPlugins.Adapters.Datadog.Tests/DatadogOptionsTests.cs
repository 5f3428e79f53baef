using System.ComponentModel.DataAnnotations;
using TeleportPlugins.Adapters.Testing;

namespace TeleportPlugins.Adapters.Datadog.Tests;

public sealed class DatadogOptionsTests
{
    [Test]
    public void Defaults_AreTheUsSiteSev3AndTheSchedulesAnnotation()
    {
        var options = new DatadogOptions();

        Assert.That(options.ApiBaseUrl, Is.EqualTo(new Uri("https://api.datadoghq.com/")));
        Assert.That(options.Severity, Is.EqualTo("SEV-3"));
        Assert.That(options.RequestAnnotations.Schedules, Is.EqualTo("teleport.dev/schedules"));
    }

    [TestCase("https://api.datadoghq.eu", "https://api.datadoghq.eu/")]
    [TestCase("https://api.us5.datadoghq.com/", "https://api.us5.datadoghq.com/")]
    [TestCase("https://api.ddog-gov.com", "https://api.ddog-gov.com/")]
    [TestCase("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    public void ApiEndpoint_ApiHostOfASite_IsTheBaseUrl(string endpoint, string expected)
    {
        Assert.That(new DatadogOptions { ApiEndpoint = endpoint }.ApiBaseUrl, Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public void Validate_Valid_HasNoErrors()
    {
        Assert.That(Validate(new DatadogOptions { ApiKey = "k", ApplicationKey = "a", ApiEndpoint = "https://api.datadoghq.eu", Severity = "UNKNOWN" }), Is.Empty);
    }

    [Test]
    public void Validate_MissingKeys_NamesBothAtOnce()
    {
        Assert.That(Validate(new DatadogOptions()).SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { nameof(DatadogOptions.ApiKey), nameof(DatadogOptions.ApplicationKey) }));
    }

    [TestCase("https://app.datadoghq.com", Description = "the web app's host, not the API's")]
    [TestCase("https://datadoghq.eu")]
    [TestCase("https://api.datadoghq.com/api/v2")]
    [TestCase("http://api.datadoghq.com", Description = "keys in clear text")]
    [TestCase("api.datadoghq.com")]
    public void Validate_BadApiEndpoint_NamesIt(string endpoint)
    {
        var errors = Validate(new DatadogOptions { ApiKey = "k", ApplicationKey = "a", ApiEndpoint = endpoint });

        Assert.That(errors.Single().MemberNames, Is.EqualTo(new[] { nameof(DatadogOptions.ApiEndpoint) }));
        Assert.That(errors.Single().ErrorMessage, Does.Contain("api.").And.Contain(endpoint));
    }

    [TestCase("SEV3")]
    [TestCase("sev-3")]
    [TestCase("P1")]
    public void Validate_BadSeverity_NamesItAndListsDatadogsValues(string severity)
    {
        var errors = Validate(new DatadogOptions { ApiKey = "k", ApplicationKey = "a", Severity = severity });

        Assert.That(errors.Single().MemberNames, Is.EqualTo(new[] { nameof(DatadogOptions.Severity) }));
        Assert.That(errors.Single().ErrorMessage, Does.Contain("SEV-1, SEV-2, SEV-3, SEV-4, SEV-5, UNKNOWN"));
    }

    [Test]
    public void Validate_BadEndpointAndSeverity_ListsBothAtOnce()
    {
        var errors = Validate(new DatadogOptions { ApiKey = "k", ApplicationKey = "a", ApiEndpoint = "https://example.com", Severity = "high" });

        Assert.That(errors.SelectMany(e => e.MemberNames), Is.EquivalentTo(new[] { nameof(DatadogOptions.ApiEndpoint), nameof(DatadogOptions.Severity) }));
    }

    private static IReadOnlyList<ValidationResult> Validate(DatadogOptions options) => OptionsValidation.Validate(options);
}
