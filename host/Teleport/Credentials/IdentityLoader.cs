using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>Builds a <see cref="TeleportIdentity"/> from the files it was read from.</summary>
internal static class IdentityLoader
{
    private const string SshCertificateAuthorityPrefix = "@cert-authority";

    /// <summary>Parses <paramref name="files"/> and refuses an identity that is not valid at <paramref name="now"/>.</summary>
    public static TeleportIdentity Load(IdentityFiles files, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        var identity = files.Identity is { } identityFile
            ? FromIdentityFile(identityFile)
            : FromSeparateFiles(files.Key!, files.Certificate!, files.CertificateAuthorities!);
        identity.EnsureValidAt(now);
        return identity;
    }

    // Layout written by `tctl auth sign --format=file`: PEM blocks by order are key, TLS certificate, then CAs;
    // the OpenSSH certificate and @cert-authority lines sit between them.
    private static TeleportIdentity FromIdentityFile(SourceFile file)
    {
        var document = PemDocument.Parse(file);
        if (document.Blocks.Count < 2)
        {
            throw new TeleportCredentialsException(
                $"{file.Description}: holds {document.Blocks.Count} PEM block(s); expected a private key, a TLS certificate and TLS CA certificates "
                + "as written by tctl auth sign --format=file");
        }

        using var certificate = CertificatePem.Load(file, document.Blocks[1], "the TLS client certificate");
        var certificateAuthorities = CertificatePem.LoadCertificateAuthorities(file, document.Blocks.Skip(2));
        return Create(
            PrivateKeyPem.Attach(certificate, file, document.Blocks[0], file),
            file,
            certificateAuthorities,
            file,
            document.OtherLines.LastOrDefault(IsSshCertificateLine),
            [.. document.OtherLines.Where(l => l.StartsWith(SshCertificateAuthorityPrefix, StringComparison.Ordinal))]);
    }

    private static TeleportIdentity FromSeparateFiles(SourceFile keyFile, SourceFile certificateFile, SourceFile certificateAuthoritiesFile)
    {
        var keyBlock = PemDocument.ParseFirstBlock(keyFile, "the private key");
        var certificateBlock = PemDocument.ParseFirstBlock(certificateFile, "the TLS client certificate");
        using var certificate = CertificatePem.Load(certificateFile, certificateBlock, "the TLS client certificate");
        var certificateAuthorities = CertificatePem.LoadCertificateAuthorities(
            certificateAuthoritiesFile, PemDocument.Parse(certificateAuthoritiesFile).Blocks);
        return Create(
            PrivateKeyPem.Attach(certificate, certificateFile, keyBlock, keyFile),
            certificateFile,
            certificateAuthorities,
            certificateAuthoritiesFile,
            sshCertificate: null,
            sshCertificateAuthorities: []);
    }

    private static TeleportIdentity Create(
        X509Certificate2 clientCertificate,
        SourceFile certificateFile,
        IReadOnlyList<X509Certificate2> certificateAuthorities,
        SourceFile certificateAuthoritiesFile,
        string? sshCertificate,
        IReadOnlyList<string> sshCertificateAuthorities)
    {
        // Teleport puts the username in the subject CN of the certificates it issues.
        var username = clientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(username))
        {
            throw new TeleportCredentialsException(
                $"{certificateFile.Description}: the TLS certificate has no subject common name, where Teleport puts the username");
        }

        // Teleport's CAs carry the cluster name as subject CN and O. The issuer of our own certificate (the user CA) names
        // the cluster that authenticates us, which is the one to reach; the CA list may also hold trusted clusters' CAs in
        // any order, so its first entry is only a fallback.
        var clusterName = clientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
        if (string.IsNullOrEmpty(clusterName))
        {
            clusterName = certificateAuthorities[0].GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        }

        return new TeleportIdentity(
            clientCertificate,
            certificateAuthorities,
            clusterName,
            username,
            sshCertificate,
            sshCertificateAuthorities,
            certificateFile.Description,
            certificateAuthoritiesFile.Description);
    }

    // An authorized_keys line whose key type is an OpenSSH certificate type, e.g. ssh-rsa-cert-v01@openssh.com.
    private static bool IsSshCertificateLine(string line)
    {
        var keyType = line.Split(' ', 2)[0];
        return keyType.Contains("-cert-v", StringComparison.Ordinal) && keyType.EndsWith("@openssh.com", StringComparison.Ordinal);
    }
}
