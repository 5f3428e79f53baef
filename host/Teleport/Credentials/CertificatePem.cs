using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>Turns <c>CERTIFICATE</c> PEM blocks into certificates, with errors that name the file and the block.</summary>
internal static class CertificatePem
{
    private const string CertificateLabel = "CERTIFICATE";

    /// <summary>Loads <paramref name="block"/>, which must be a certificate; <paramref name="expected"/> says what it should be.</summary>
    public static X509Certificate2 Load(SourceFile file, PemBlock block, string expected)
    {
        if (block.Label != CertificateLabel)
        {
            throw new TeleportCredentialsException($"{file.Description}: {block.Description} is not {expected} (expected {CertificateLabel})");
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(block.Data.Span);
        }
        catch (CryptographicException e)
        {
            throw new TeleportCredentialsException($"{file.Description}: {block.Description} is not a valid X.509 certificate", e);
        }
    }

    /// <summary>Loads every block of <paramref name="blocks"/> as a CA certificate; at least one is required.</summary>
    public static IReadOnlyList<X509Certificate2> LoadCertificateAuthorities(SourceFile file, IEnumerable<PemBlock> blocks)
    {
        var certificates = blocks.Select(b => Load(file, b, "a TLS CA certificate")).ToArray();
        return certificates.Length > 0
            ? certificates
            : throw new TeleportCredentialsException($"{file.Description}: no TLS CA certificate (CERTIFICATE PEM block) found");
    }
}
