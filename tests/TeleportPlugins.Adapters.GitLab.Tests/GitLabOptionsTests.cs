using System.ComponentModel.DataAnnotations;

namespace TeleportPlugins.Adapters.GitLab.Tests;

public sealed class GitLabOptionsTests
{
    private static List<ValidationResult> Validate(GitLabOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Test]
    public void Validate_Defaults_GitLabComAndWebhookOff()
    {
        var options = new GitLabOptions { Token = "t", ProjectId = "1" };

        Assert.Multiple(() =>
        {
            Assert.That(Validate(options), Is.Empty);
            Assert.That(options.Url, Is.EqualTo(new Uri("https://gitlab.com")));
            Assert.That(options.WebhookEnabled, Is.False);
        });
    }

    [Test]
    public void Validate_WebhookWithoutSecret_And_PlainHttpRemote_NameTheirKeys()
    {
        var options = new GitLabOptions { Token = "t", ProjectId = "1", WebhookEnabled = true, Url = new Uri("http://gitlab.example.com") };

        Assert.That(Validate(options).SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { nameof(GitLabOptions.Url), nameof(GitLabOptions.WebhookEnabled) }));
    }

    [Test]
    public void Validate_AllowedProjectsThatAreNeitherIdsNorPaths_NamesAllowedProjectsOncePerEntry()
    {
        var options = new GitLabOptions { Token = "t", ProjectId = "1", AllowedProjects = ["42", "group/project", "group/sub/project", "project", "group//x", " "] };

        var results = Validate(options);

        Assert.Multiple(() =>
        {
            Assert.That(results.SelectMany(r => r.MemberNames), Is.EqualTo(Enumerable.Repeat(nameof(GitLabOptions.AllowedProjects), 3)));
            Assert.That(results.Select(r => r.ErrorMessage), Has.Some.Contains("'project'").And.Some.Contains("'group//x'"));
        });
    }
}
