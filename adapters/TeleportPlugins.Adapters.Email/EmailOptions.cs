using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// The <c>[email]</c> section. Teleport's plugin has top-level <c>[smtp]</c>, <c>[mailgun]</c> and <c>[delivery]</c>
/// tables; here they nest under <c>[email]</c> with the same keys. Exactly one transport must be configured.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>SMTP submission; exclusive with <see cref="Mailgun"/>.</summary>
    [ConfigurationKeyName("smtp")]
    public SmtpOptions? Smtp { get; set; }

    /// <summary>The Mailgun messages API; exclusive with <see cref="Smtp"/>.</summary>
    [ConfigurationKeyName("mailgun")]
    public MailgunOptions? Mailgun { get; set; }

    /// <summary>The sender.</summary>
    [ConfigurationKeyName("delivery")]
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Recipients per role for e-mail only; when empty the top-level <c>[role_to_recipients]</c> applies.</summary>
    [ConfigurationKeyName("role_to_recipients")]
    public RoleToRecipients RoleToRecipients { get; set; } = RoleToRecipients.Empty;

    /// <summary>How long one delivery (an SMTP session or a Mailgun call) may take.</summary>
    [ConfigurationKeyName("timeout")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Smtp is null && Mailgun is null)
        {
            yield return new ValidationResult("configure a transport: an [email.smtp] or an [email.mailgun] table", [nameof(Smtp)]);
        }
        else if (Smtp is not null && Mailgun is not null)
        {
            yield return new ValidationResult("configure either [email.smtp] or [email.mailgun], not both", [nameof(Mailgun)]);
        }

        if (string.IsNullOrWhiteSpace(Delivery.Sender))
        {
            yield return new ValidationResult("sender is required: the From address of the e-mails ([email.delivery] sender)", [nameof(Delivery)]);
        }

        foreach (var role in RoleToRecipients.Roles)
        {
            foreach (var recipient in RoleToRecipients[role])
            {
                if (!EmailAddresses.TryParse(recipient, out _))
                {
                    yield return new ValidationResult($"'{recipient}' (role \"{role}\") is not an e-mail address", [nameof(RoleToRecipients)]);
                }
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(Timeout)]);
        }
    }
}
