using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>[email.smtp]</c> table: SMTP submission, as Teleport's e-mail plugin configures it.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>The submission port that speaks TLS from the first byte (RFC 8314), as Teleport's plugin assumes.</summary>
    internal const int ImplicitTlsPort = 465;

    /// <summary>The SMTP server's host name.</summary>
    [ConfigurationKeyName("host")]
    public string Host { get; set; } = string.Empty;

    /// <summary>The submission port; 587 by default.</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 587;

    /// <summary>The user to authenticate as; no authentication when empty.</summary>
    [ConfigurationKeyName("username")]
    public string Username { get; set; } = string.Empty;

    /// <summary>The password, or an absolute path to a file holding it.</summary>
    [Secret]
    [ConfigurationKeyName("password")]
    public string Password { get; set; } = string.Empty;

    /// <summary>A file holding the password (Teleport's plugin key); exclusive with <see cref="Password"/>.</summary>
    [ConfigurationKeyName("password_file")]
    public string PasswordFile { get; set; } = string.Empty;

    /// <summary>When to upgrade the connection with STARTTLS.</summary>
    [ConfigurationKeyName("starttls_policy")]
    public StartTlsPolicy StartTlsPolicy { get; set; } = StartTlsPolicy.Mandatory;

    /// <summary>
    /// TLS from the first byte (SMTPS, RFC 8314) instead of STARTTLS; unset means "on port 465". With implicit TLS the
    /// whole session is encrypted and <see cref="StartTlsPolicy"/> does not apply.
    /// </summary>
    [ConfigurationKeyName("implicit_tls")]
    public bool? ImplicitTls { get; set; }

    /// <summary>A PEM file of CA certificates trusted for the server's certificate besides the system's, or empty.</summary>
    [ConfigurationKeyName("ca_file")]
    public string CaFile { get; set; } = string.Empty;

    /// <summary>Whether the session is TLS from the first byte: <see cref="ImplicitTls"/>, else port 465.</summary>
    internal bool UsesImplicitTls => ImplicitTls ?? Port == ImplicitTlsPort;

    /// <summary>How MailKit secures the connection: implicit TLS, or STARTTLS as the policy says.</summary>
    internal SecureSocketOptions SecureSocketOptions => UsesImplicitTls
        ? SecureSocketOptions.SslOnConnect
        : StartTlsPolicy switch
        {
            StartTlsPolicy.Opportunistic => SecureSocketOptions.StartTlsWhenAvailable,
            StartTlsPolicy.Disabled => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };

    /// <summary>The password from <see cref="Password"/> or <see cref="PasswordFile"/>, or empty.</summary>
    /// <returns>The password.</returns>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    internal string ReadPassword() =>
        Password.Length > 0 || PasswordFile.Length == 0 ? Password : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');

    /// <summary>The certificates of <see cref="CaFile"/>, empty when none is configured.</summary>
    /// <returns>The certificates.</returns>
    internal X509Certificate2Collection ReadCaCertificates()
    {
        var certificates = new X509Certificate2Collection();
        if (CaFile.Length > 0)
        {
            certificates.ImportFromPemFile(CaFile);
        }

        return certificates;
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return new ValidationResult("is required: the SMTP server's host name", [nameof(Host)]);
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"must be between 1 and 65535, got {Port}", [nameof(Port)]);
        }

        if (UsesImplicitTls && StartTlsPolicy == StartTlsPolicy.Disabled)
        {
            // The default policy is mandatory, so this is a choice of clear text that implicit TLS would overrule.
            yield return new ValidationResult(
                $"starttls_policy = \"disabled\" asks for clear text, but {(ImplicitTls is null ? "port 465 means" : "implicit_tls = true asks for")} TLS from the first byte; set implicit_tls = false or remove starttls_policy",
                [nameof(StartTlsPolicy)]);
        }

        if (Password.Length > 0 && PasswordFile.Length > 0)
        {
            yield return new ValidationResult("give either password or password_file, not both", [nameof(PasswordFile)]);
        }
        else if (PasswordFile.Length > 0 && ReadError(() => ReadPassword()) is { } passwordError)
        {
            yield return new ValidationResult($"cannot read the password file {PasswordFile}: {passwordError}", [nameof(PasswordFile)]);
        }

        if (Username.Length == 0 && (Password.Length > 0 || PasswordFile.Length > 0))
        {
            yield return new ValidationResult("is required when a password is given", [nameof(Username)]);
        }

        if (CaFile.Length > 0)
        {
            if (ReadError(() => ReadCaCertificates()) is { } caError)
            {
                yield return new ValidationResult($"cannot read CA certificates from {CaFile}: {caError}", [nameof(CaFile)]);
            }
            else if (ReadCaCertificates().Count == 0)
            {
                yield return new ValidationResult($"{CaFile} holds no PEM certificate", [nameof(CaFile)]);
            }
        }
    }

    private static string? ReadError(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return e.Message;
        }
    }
}
