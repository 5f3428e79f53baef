namespace TeleportPlugins.Adapters.Email;

/// <summary>What an SMTP server said when greeted.</summary>
/// <param name="Banner">The 220 greeting line.</param>
/// <param name="Extensions">The EHLO keywords, e.g. STARTTLS, AUTH LOGIN PLAIN, SIZE 33554432.</param>
internal sealed record SmtpGreeting(string Banner, IReadOnlyList<string> Extensions)
{
    /// <summary>Whether the server offers STARTTLS on the clear-text connection.</summary>
    public bool OffersStartTls => Extensions.Any(extension => extension.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
}
