namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>One message the test SMTP server accepted, as it arrived.</summary>
/// <param name="MailFrom">The envelope sender.</param>
/// <param name="RcptTos">The envelope recipients.</param>
/// <param name="Tls">Whether the session was encrypted (upgraded with STARTTLS, or implicit TLS).</param>
/// <param name="AuthenticatedAs">The user that authenticated, or null.</param>
/// <param name="Headers">The decoded headers in order.</param>
/// <param name="Body">The decoded plain-text body.</param>
public sealed record DeliveredEmail(string MailFrom, IReadOnlyList<string> RcptTos, bool Tls, string? AuthenticatedAs, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>A header's value (name in any case), or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or null.</returns>
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
