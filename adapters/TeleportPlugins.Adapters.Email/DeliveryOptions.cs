using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>[email.delivery]</c> table.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    /// <summary>The From address of every e-mail.</summary>
    [ConfigurationKeyName("sender")]
    public string Sender { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A missing sender is reported by EmailOptions, which also sees a missing [email.delivery] table.
        if (Sender.Length > 0 && !EmailAddresses.TryParse(Sender, out _))
        {
            yield return new ValidationResult($"'{Sender}' is not an e-mail address", [nameof(Sender)]);
        }
    }
}
