using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>[email.smtp]</c> table: SMTP submission, as Teleport's e-mail plugin configures it.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>The implicit-TLS submission port, which System.Net.Mail cannot speak.</summary>
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

    /// <summary>A PEM file of CA certificates trusted for the server's certificate besides the system's, or empty.</summary>
    [ConfigurationKeyName("ca_file")]
    public string CaFile { get; set; } = string.Empty;

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
        else if (Port == ImplicitTlsPort)
        {
            // Teleport's plugin switches to implicit TLS on 465; System.Net.Mail only speaks STARTTLS and would hang.
            yield return new ValidationResult("465 (implicit TLS) is not supported: use the submission port 587 with STARTTLS", [nameof(Port)]);
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
