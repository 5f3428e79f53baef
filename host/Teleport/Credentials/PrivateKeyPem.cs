using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// Reads the identity's private key and joins it to the TLS certificate. Messages name files and blocks only:
/// the key bytes and the cryptography library's view of them never reach a message.
/// </summary>
internal static class PrivateKeyPem
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    private static readonly string[] KeyLabels = ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"];

    /// <summary>Returns a copy of <paramref name="certificate"/> that carries the key in <paramref name="keyBlock"/>.</summary>
    public static X509Certificate2 Attach(X509Certificate2 certificate, SourceFile certificateFile, PemBlock keyBlock, SourceFile keyFile)
    {
        if (keyBlock.Label == "ENCRYPTED PRIVATE KEY")
        {
            throw new TeleportCredentialsException(
                $"{keyFile.Description}: {keyBlock.Description} is encrypted; Teleport writes unencrypted keys, use the file as tctl or tbot wrote it");
        }

        if (!KeyLabels.Contains(keyBlock.Label, StringComparer.Ordinal))
        {
            throw new TeleportCredentialsException(
                $"{keyFile.Description}: {keyBlock.Description} is not a private key (expected {string.Join(", ", KeyLabels)})");
        }

        var certificateKind = certificate.PublicKey.Oid.Value switch
        {
            RsaOid => "RSA",
            EcOid => "ECDSA",
            var oid => throw new TeleportCredentialsException(
                $"{certificateFile.Description}: the TLS certificate's key algorithm {oid} is not supported (RSA or ECDSA expected)"),
        };

        using var key = Read(keyBlock, keyFile);
        var keyKind = key is RSA ? "RSA" : "ECDSA";
        if (keyKind != certificateKind)
        {
            throw Mismatch(certificateFile, keyFile, $" (an {keyKind} key for an {certificateKind} certificate)", null);
        }

        try
        {
            // On Linux a certificate joined to an ephemeral key this way works for SslStream client authentication
            // (tested by the dialing tests), so no PKCS#12 round trip is needed.
            return key is RSA rsa ? certificate.CopyWithPrivateKey(rsa) : certificate.CopyWithPrivateKey((ECDsa)key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // ArgumentException is how CopyWithPrivateKey reports a key of the right algorithm but another pair.
            throw Mismatch(certificateFile, keyFile, string.Empty, e);
        }
    }

    private static TeleportCredentialsException Mismatch(SourceFile certificateFile, SourceFile keyFile, string detail, Exception? inner)
    {
        var where = ReferenceEquals(certificateFile, keyFile)
            ? $"{keyFile.Description}: the private key does not match the TLS certificate"
            : $"{keyFile.Description}: the private key does not match the TLS certificate in {certificateFile.Path}";
        return inner is null
            ? new TeleportCredentialsException(where + detail)
            : new TeleportCredentialsException(where + detail, inner);
    }

    // Teleport notes that PKCS#8 bodies sometimes sit under an "RSA PRIVATE KEY" header, so the label only decides
    // whether this is a key at all; every parser is tried on the bytes.
    private static AsymmetricAlgorithm Read(PemBlock keyBlock, SourceFile keyFile)
    {
        var der = keyBlock.Data;
        var rsa = RSA.Create();
        if (TryImport(() => rsa.ImportRSAPrivateKey(der.Span, out _)) || TryImport(() => rsa.ImportPkcs8PrivateKey(der.Span, out _)))
        {
            return rsa;
        }

        rsa.Dispose();
        var ec = ECDsa.Create();
        if (TryImport(() => ec.ImportECPrivateKey(der.Span, out _)) || TryImport(() => ec.ImportPkcs8PrivateKey(der.Span, out _)))
        {
            return ec;
        }

        ec.Dispose();
        throw new TeleportCredentialsException(
            $"{keyFile.Description}: {keyBlock.Description} cannot be read as an RSA (PKCS#1, PKCS#8) or EC (SEC1, PKCS#8) private key");
    }

    private static bool TryImport(Action import)
    {
        try
        {
            import();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
