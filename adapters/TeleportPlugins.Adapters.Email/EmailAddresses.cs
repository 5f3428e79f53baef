using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace TeleportPlugins.Adapters.Email;

/// <summary>Parses addresses with MimeKit, the library that writes them into the messages.</summary>
internal static class EmailAddresses
{
    // MimeKit accepts "bob" as a local mailbox by default; here that is a Teleport user name, not an address.
    private static readonly ParserOptions Parser = new() { AllowAddressesWithoutDomain = false };

    /// <summary>Parses one mailbox, with or without a display name ("Teleport &lt;teleport@example.com&gt;").</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The mailbox, when the text is one.</param>
    /// <returns>Whether the text is exactly one mailbox with a domain.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out MailboxAddress? address)
    {
        address = null;
        return !string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(Parser, text, out address) && address.Domain.Length > 0;
    }

    /// <summary>Whether <paramref name="text"/> is a bare address, e.g. a recipient taken from a user name.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it is one address without a display name.</returns>
    public static bool IsBareAddress(string text) => TryParse(text, out var address) && address.Address == text.Trim();
}
