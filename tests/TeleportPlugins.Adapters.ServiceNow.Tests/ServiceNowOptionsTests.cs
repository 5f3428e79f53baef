using TeleportPlugins.Adapters.Testing;

namespace TeleportPlugins.Adapters.ServiceNow.Tests;

public sealed class ServiceNowOptionsTests
{
    private static ServiceNowOptions Valid() => new() { Url = new Uri("https://example.service-now.com"), Username = "bot", Password = "p" };

    [Test]
    public void Validate_Defaults_AnchorStatesAndAutoApprovalOff()
    {
        var options = Valid();

        Assert.Multiple(() =>
        {
            Assert.That(OptionsValidation.Validate(options), Is.Empty);
            Assert.That((options.ApprovedState, options.DeniedState, options.ExpiredState), Is.EqualTo(("6", "7", "6")));
            Assert.That(options.CloseCode, Is.EqualTo("Solution provided"));
            Assert.That(options.AutoApprove, Is.False);
            Assert.That(options.AssignmentGroup, Is.Empty);
        });
    }

    [Test]
    public void Validate_PlainHttpToARemoteHost_NamesUrl()
    {
        var options = Valid();
        options.Url = new Uri("http://example.service-now.com");

        Assert.That(OptionsValidation.Validate(options).Single().MemberNames, Is.EqualTo(new[] { nameof(ServiceNowOptions.Url) }));
    }

    [Test]
    public void Validate_MissingPasswordAndNonNumericState_NamesBoth()
    {
        var options = Valid();
        options.Password = string.Empty;
        options.DeniedState = "Closed";

        Assert.That(OptionsValidation.Validate(options).SelectMany(r => r.MemberNames), Is.EquivalentTo(new[] { nameof(ServiceNowOptions.Password), nameof(ServiceNowOptions.DeniedState) }));
    }

    [Test]
    public void Validate_UnknownTimeZone_NamesTimeZone()
    {
        var options = Valid();
        options.TimeZone = "Mars/Olympus";

        Assert.That(OptionsValidation.Validate(options).Single().MemberNames, Is.EqualTo(new[] { nameof(ServiceNowOptions.TimeZone) }));
    }
}
