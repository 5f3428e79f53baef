using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The <c>[email.mailgun]</c> table: the Mailgun messages API, as Teleport's e-mail plugin configures it.</summary>
public sealed class MailgunOptions : IValidatableObject
{
    /// <summary>Mailgun's US API base; the EU one is <c>https://api.eu.mailgun.net/v3</c>.</summary>
    public const string DefaultApiUrl = "https://api.mailgun.net/v3";

    /// <summary>The sending domain registered with Mailgun.</summary>
    [ConfigurationKeyName("domain")]
    public string Domain { get; set; } = string.Empty;

    /// <summary>The API key, or an absolute path to a file holding it.</summary>
    [Secret]
    [ConfigurationKeyName("private_key")]
    public string PrivateKey { get; set; } = string.Empty;

    /// <summary>A file holding the API key (Teleport's plugin key); exclusive with <see cref="PrivateKey"/>.</summary>
    [ConfigurationKeyName("private_key_file")]
    public string PrivateKeyFile { get; set; } = string.Empty;

    /// <summary>The API base URL, up to and including <c>/v3</c>.</summary>
    [ConfigurationKeyName("api_url")]
    public Uri ApiUrl { get; set; } = new(DefaultApiUrl);

    /// <summary>The API key from <see cref="PrivateKey"/> or <see cref="PrivateKeyFile"/>.</summary>
    /// <returns>The key.</returns>
    /// <exception cref="IOException">The key file cannot be read.</exception>
    internal string ReadPrivateKey() =>
        PrivateKey.Length > 0 || PrivateKeyFile.Length == 0 ? PrivateKey : File.ReadAllText(PrivateKeyFile).TrimEnd('\r', '\n');

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Domain))
        {
            yield return new ValidationResult("is required: the sending domain registered with Mailgun", [nameof(Domain)]);
        }

        if (PrivateKey.Length > 0 && PrivateKeyFile.Length > 0)
        {
            yield return new ValidationResult("give either private_key or private_key_file, not both", [nameof(PrivateKeyFile)]);
        }
        else if (PrivateKey.Length == 0 && PrivateKeyFile.Length == 0)
        {
            yield return new ValidationResult("is required (or private_key_file): the Mailgun API key", [nameof(PrivateKey)]);
        }
        else if (PrivateKeyFile.Length > 0)
        {
            string? error = null;
            try
            {
                if (ReadPrivateKey().Length == 0)
                {
                    error = "the file is empty";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
            }

            if (error is not null)
            {
                yield return new ValidationResult($"cannot read the key file {PrivateKeyFile}: {error}", [nameof(PrivateKeyFile)]);
            }
        }

        if (!ApiUrl.IsAbsoluteUri || (ApiUrl.Scheme != Uri.UriSchemeHttps && ApiUrl.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult($"must be an absolute http(s) URL such as {DefaultApiUrl}", [nameof(ApiUrl)]);
        }
    }
}
