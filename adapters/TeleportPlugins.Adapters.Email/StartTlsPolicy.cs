namespace TeleportPlugins.Adapters.Email;

/// <summary>When the SMTP transport upgrades the connection with STARTTLS (<c>starttls_policy</c>).</summary>
public enum StartTlsPolicy
{
    /// <summary>Always; a server that does not offer STARTTLS is an error. The default.</summary>
    Mandatory = 0,

    /// <summary>When the server offers STARTTLS; otherwise the message is sent in clear text.</summary>
    Opportunistic = 1,

    /// <summary>Never: the message is sent in clear text.</summary>
    Disabled = 2,
}
