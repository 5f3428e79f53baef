using System.ComponentModel.DataAnnotations;
using TeleportPlugins.Adapters.Testing;

namespace TeleportPlugins.Adapters.Opsgenie.Tests;

public sealed class OpsgenieOptionsTests
{
    [Test]
    public void Defaults_AreTheUsHostPriorityP3AndTheAnchorsAnnotations()
    {
        var options = new OpsgenieOptions();

        Assert.That(options.ApiBaseUrl, Is.EqualTo(new Uri("https://api.opsgenie.com/")));
        Assert.That(options.Priority, Is.EqualTo("P3"));
        Assert.That(options.AlertPollTimeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(options.RequestAnnotations.NotifyServices, Is.EqualTo("teleport.dev/notify-services"));
        Assert.That(options.RequestAnnotations.Teams, Is.EqualTo("teleport.dev/teams"));
        Assert.That(options.RequestAnnotations.Schedules, Is.EqualTo("teleport.dev/schedules"));
    }

    [TestCase("eu", "https://api.eu.opsgenie.com/")]
    [TestCase("EU", "https://api.eu.opsgenie.com/")]
    [TestCase("us", "https://api.opsgenie.com/")]
    [TestCase("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    public void ApiHost_RegionOrUrl_SelectsTheBaseUrl(string host, string expected)
    {
        Assert.That(new OpsgenieOptions { ApiHost = host }.ApiBaseUrl, Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public void Validate_Valid_HasNoErrors()
    {
        Assert.That(Validate(new OpsgenieOptions { ApiKey = "k", ApiHost = "eu", Priority = "P1" }), Is.Empty);
    }

    [Test]
    public void Validate_MissingKey_NamesApiKey()
    {
        Assert.That(Validate(new OpsgenieOptions()).Single().MemberNames, Is.EqualTo(new[] { nameof(OpsgenieOptions.ApiKey) }));
    }

    [TestCase(nameof(OpsgenieOptions.ApiHost))]
    [TestCase(nameof(OpsgenieOptions.Priority))]
    [TestCase(nameof(OpsgenieOptions.AlertPollTimeout))]
    [TestCase(nameof(OpsgenieOptions.DefaultTeams))]
    public void Validate_BadValue_NamesTheProperty(string property)
    {
        var options = new OpsgenieOptions { ApiKey = "k" };
        switch (property)
        {
            case nameof(OpsgenieOptions.ApiHost):
                options.ApiHost = "asia";
                break;
            case nameof(OpsgenieOptions.Priority):
                options.Priority = "urgent";
                break;
            case nameof(OpsgenieOptions.AlertPollTimeout):
                options.AlertPollTimeout = TimeSpan.Zero;
                break;
            default:
                options.DefaultTeams = [" "];
                break;
        }

        Assert.That(Validate(options).Single().MemberNames, Is.EqualTo(new[] { property }));
    }

    private static IReadOnlyList<ValidationResult> Validate(OpsgenieOptions options) => OptionsValidation.Validate(options);
}
