namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>How the test SMTP server secures its sessions.</summary>
public enum SmtpSecurity
{
    /// <summary>Clear text only.</summary>
    Plain,

    /// <summary>Offers STARTTLS.</summary>
    StartTls,

    /// <summary>TLS from the first byte, as on port 465.</summary>
    ImplicitTls,
}
