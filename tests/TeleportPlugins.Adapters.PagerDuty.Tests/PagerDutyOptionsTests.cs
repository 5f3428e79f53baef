using System.ComponentModel.DataAnnotations;
using TeleportPlugins.Adapters.Testing;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

public sealed class PagerDutyOptionsTests
{
    [Test]
    public void Defaults_AreTheAnchorsAndTheRealApi()
    {
        var options = new PagerDutyOptions();

        Assert.That(options.ApiUrl, Is.EqualTo(new Uri("https://api.pagerduty.com/")));
        Assert.That(options.RequestAnnotations.NotifyService, Is.EqualTo("pagerduty_notify_service"));
        Assert.That(options.RequestAnnotations.Services, Is.EqualTo("pagerduty_services"));
    }

    [Test]
    public void Validate_Valid_HasNoErrors()
    {
        Assert.That(Validate(new PagerDutyOptions { ApiKey = "k", UserEmail = "bot@example.com" }), Is.Empty);
    }

    [Test]
    public void Validate_MissingKeyAndEmail_NamesBoth()
    {
        var members = Validate(new PagerDutyOptions()).SelectMany(r => r.MemberNames);

        Assert.That(members, Is.SupersetOf(new[] { nameof(PagerDutyOptions.ApiKey), nameof(PagerDutyOptions.UserEmail) }));
    }

    [TestCase("bot")]
    [TestCase("@example.com")]
    [TestCase("bot@")]
    public void Validate_UserEmailNotAnEmail_NamesUserEmail(string email)
    {
        var errors = Validate(new PagerDutyOptions { ApiKey = "k", UserEmail = email });

        Assert.That(errors.Single().MemberNames, Is.EqualTo(new[] { nameof(PagerDutyOptions.UserEmail) }));
    }

    [Test]
    public void Validate_RelativeApiUrl_NamesApiUrl()
    {
        var errors = Validate(new PagerDutyOptions { ApiKey = "k", UserEmail = "bot@example.com", ApiUrl = new Uri("api", UriKind.Relative) });

        Assert.That(errors.Single().MemberNames, Is.EqualTo(new[] { nameof(PagerDutyOptions.ApiUrl) }));
    }

    private static IReadOnlyList<ValidationResult> Validate(PagerDutyOptions options) => OptionsValidation.Validate(options);
}
