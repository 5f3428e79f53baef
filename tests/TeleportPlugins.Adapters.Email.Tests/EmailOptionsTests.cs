using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests;

/// <summary>Validation names the key that is wrong, as the host reports it (file, line and key).</summary>
public sealed class EmailOptionsTests
{
    private static EmailOptions Valid() => new()
    {
        Smtp = new SmtpOptions { Host = "smtp.example.com", Username = "u", Password = "p" },
        Delivery = new DeliveryOptions { Sender = "teleport@example.com" },
    };

    private static List<(string Member, string Message)> Errors(IValidatableObject options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => (r.MemberNames.Single(), r.ErrorMessage!))];

    [Test]
    public void Validate_ValidSmtp_NoErrors() => Assert.That(Errors(Valid()), Is.Empty);

    [Test]
    public void Validate_NoTransport_NamesSmtp()
    {
        var options = Valid();
        options.Smtp = null;
        Assert.That(Errors(options), Is.EqualTo(new[] { ("Smtp", "configure a transport: an [email.smtp] or an [email.mailgun] table") }));
    }

    [Test]
    public void Validate_BothTransports_NamesMailgun()
    {
        var options = Valid();
        options.Mailgun = new MailgunOptions { Domain = "mg.example.com", PrivateKey = "k" };
        Assert.That(Errors(options).Single().Member, Is.EqualTo("Mailgun"));
    }

    [Test]
    public void Validate_NoSender_NamesDelivery()
    {
        var options = Valid();
        options.Delivery = new DeliveryOptions();
        Assert.That(Errors(options).Single().Member, Is.EqualTo("Delivery"));
    }

    [Test]
    public void Validate_RecipientThatIsNoAddress_NamesRoleToRecipients()
    {
        var options = Valid();
        options.RoleToRecipients = new RoleToRecipients([new("*", ["#ops-channel"])]);
        Assert.That(Errors(options).Single(), Is.EqualTo(("RoleToRecipients", "'#ops-channel' (role \"*\") is not an e-mail address")));
    }

    [Test]
    public void Validate_SenderThatIsNoAddress_NamesSender() =>
        Assert.That(Errors(new DeliveryOptions { Sender = "teleport" }).Single().Member, Is.EqualTo("Sender"));

    [Test]
    public void Validate_SmtpPortZero_NamesPort() =>
        Assert.That(Errors(new SmtpOptions { Host = "h", Port = 0 }).Single().Member, Is.EqualTo("Port"));

    [Test]
    public void Validate_Port465_IsValid() => Assert.That(Errors(new SmtpOptions { Host = "h", Port = 465 }), Is.Empty);

    [TestCase(465, null)]
    [TestCase(587, true)]
    public void Validate_ImplicitTlsWithStartTlsDisabled_NamesStartTlsPolicy(int port, bool? implicitTls) =>
        Assert.That(Errors(new SmtpOptions { Host = "h", Port = port, ImplicitTls = implicitTls, StartTlsPolicy = StartTlsPolicy.Disabled }).Single().Member, Is.EqualTo("StartTlsPolicy"));

    [TestCase(587, null, StartTlsPolicy.Mandatory, SecureSocketOptions.StartTls)]
    [TestCase(587, null, StartTlsPolicy.Opportunistic, SecureSocketOptions.StartTlsWhenAvailable)]
    [TestCase(25, null, StartTlsPolicy.Disabled, SecureSocketOptions.None)]
    [TestCase(465, null, StartTlsPolicy.Mandatory, SecureSocketOptions.SslOnConnect)]
    [TestCase(2465, true, StartTlsPolicy.Mandatory, SecureSocketOptions.SslOnConnect)]
    [TestCase(465, false, StartTlsPolicy.Mandatory, SecureSocketOptions.StartTls)]
    public void SecureSocketOptions_PortImplicitTlsAndPolicy_MapToMailKits(int port, bool? implicitTls, StartTlsPolicy policy, SecureSocketOptions expected) =>
        Assert.That(new SmtpOptions { Host = "h", Port = port, ImplicitTls = implicitTls, StartTlsPolicy = policy }.SecureSocketOptions, Is.EqualTo(expected));

    [Test]
    public void Validate_SmtpWithoutHost_NamesHost() =>
        Assert.That(Errors(new SmtpOptions()).Single().Member, Is.EqualTo("Host"));

    [Test]
    public void Validate_PasswordAndPasswordFile_NamesPasswordFile() =>
        Assert.That(Errors(new SmtpOptions { Host = "h", Username = "u", Password = "p", PasswordFile = "/x" }).Single().Member, Is.EqualTo("PasswordFile"));

    [Test]
    public void Validate_UnreadablePasswordFile_NamesPasswordFile() =>
        Assert.That(Errors(new SmtpOptions { Host = "h", Username = "u", PasswordFile = "/nonexistent/smtp_password" }).Single().Member, Is.EqualTo("PasswordFile"));

    [Test]
    public void ReadPassword_PasswordFile_ReadsItWithoutTheTrailingNewline()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "from-file\n");
        try
        {
            var options = new SmtpOptions { Host = "h", Username = "u", PasswordFile = path };
            Assert.That(Errors(options), Is.Empty);
            Assert.That(options.ReadPassword(), Is.EqualTo("from-file"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Validate_CaFileWithoutCertificate_NamesCaFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.That(Errors(new SmtpOptions { Host = "h", CaFile = path }).Single().Member, Is.EqualTo("CaFile"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Validate_MailgunWithoutKey_NamesPrivateKey() =>
        Assert.That(Errors(new MailgunOptions { Domain = "mg.example.com" }).Single().Member, Is.EqualTo("PrivateKey"));

    [Test]
    public void Validate_MailgunWithoutDomain_NamesDomain() =>
        Assert.That(Errors(new MailgunOptions { PrivateKey = "k" }).Single().Member, Is.EqualTo("Domain"));

    [Test]
    public void Defaults_MatchTeleportsPlugin()
    {
        var smtp = new SmtpOptions();
        Assert.Multiple(() =>
        {
            Assert.That(smtp.Port, Is.EqualTo(587));
            Assert.That(smtp.StartTlsPolicy, Is.EqualTo(StartTlsPolicy.Mandatory));
            Assert.That(new MailgunOptions().ApiUrl, Is.EqualTo(new Uri("https://api.mailgun.net/v3")));
            Assert.That(new EmailOptions().Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        });
    }
}
