using System.ComponentModel.DataAnnotations;

namespace TeleportPlugins.Adapters.Jira.Tests;

public sealed class JiraOptionsTests
{
    private static List<ValidationResult> Validate(JiraOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static JiraOptions Valid() => new() { Url = new Uri("https://example.atlassian.net"), Username = "bot@example.com", ApiToken = "t", Project = "PROJ" };

    [Test]
    public void Validate_Defaults_IssueTypeTaskBasicAuthWebhookOff()
    {
        var options = Valid();

        Assert.Multiple(() =>
        {
            Assert.That(Validate(options), Is.Empty);
            Assert.That(options.IssueType, Is.EqualTo("Task"));
            Assert.That(options.Auth, Is.EqualTo(JiraAuthMethod.Basic));
            Assert.That(options.WebhookEnabled, Is.False);
        });
    }

    [Test]
    public void Validate_PlainHttpToARemoteHost_NamesUrl()
    {
        var options = Valid();
        options.Url = new Uri("http://jira.example.com");

        Assert.That(Validate(options).Single().MemberNames, Is.EqualTo(new[] { nameof(JiraOptions.Url) }));
    }

    [Test]
    public void Validate_BasicWithoutUsername_NamesUsername_BearerDoesNotNeedIt()
    {
        var options = Valid();
        options.Username = string.Empty;
        var basic = Validate(options);
        options.Auth = JiraAuthMethod.Bearer;

        Assert.Multiple(() =>
        {
            Assert.That(basic.Single().MemberNames, Is.EqualTo(new[] { nameof(JiraOptions.Username) }));
            Assert.That(Validate(options), Is.Empty);
        });
    }

    [Test]
    public void Validate_WebhookEnabledWithoutSecretOrBasicAuth_NamesWebhookEnabled()
    {
        var options = Valid();
        options.WebhookEnabled = true;

        Assert.That(Validate(options).Single().MemberNames, Is.EqualTo(new[] { nameof(JiraOptions.WebhookEnabled) }));
    }

    [Test]
    public void Validate_AllowedProjectsWithBadKeys_NamesAllowedProjectsOncePerKey()
    {
        var options = Valid();
        options.AllowedProjects = ["OPS", "SEC_2", "", "not a key", "9LIVES"];

        var results = Validate(options);

        Assert.Multiple(() =>
        {
            Assert.That(results.SelectMany(r => r.MemberNames), Is.EqualTo(Enumerable.Repeat(nameof(JiraOptions.AllowedProjects), 3)));
            Assert.That(results.Select(r => r.ErrorMessage), Has.Some.Contains("'not a key'").And.Some.Contains("'9LIVES'"));
        });
    }
}
