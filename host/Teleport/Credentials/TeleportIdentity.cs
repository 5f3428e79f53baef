using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// A loaded Teleport identity: the TLS client certificate with its private key, the cluster CA certificates that the
/// Auth Service's certificate must chain to, and the user and cluster the certificate names. Immutable.
/// </summary>
/// <remarks>
/// Not disposable on purpose: when a refresh replaces an identity, connections opened with the old one keep using its
/// certificate until they close, so nobody can tell when it is safe to dispose; finalizers release the native handles.
/// </remarks>
internal sealed class TeleportIdentity
{
    public TeleportIdentity(
        X509Certificate2 clientCertificate,
        IReadOnlyList<X509Certificate2> certificateAuthorities,
        string clusterName,
        string username,
        string? sshCertificate,
        IReadOnlyList<string> sshCertificateAuthorities,
        string certificateSource,
        string certificateAuthoritiesSource)
    {
        ClientCertificate = clientCertificate;
        CertificateAuthorities = certificateAuthorities;
        ClusterName = clusterName;
        Username = username;
        SshCertificate = sshCertificate;
        SshCertificateAuthorities = sshCertificateAuthorities;
        CertificateSource = certificateSource;
        CertificateAuthoritiesSource = certificateAuthoritiesSource;
        NotBefore = new DateTimeOffset(clientCertificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(clientCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The TLS client certificate, carrying its private key.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>The cluster's TLS CA certificates: the only roots trusted for the server's certificate.</summary>
    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; }

    /// <summary>The Teleport cluster name: the common name of the CA that issued the client certificate.</summary>
    public string ClusterName { get; }

    /// <summary>The Teleport user: the client certificate's subject common name.</summary>
    public string Username { get; }

    /// <summary>The client certificate's start of validity (UTC).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The client certificate's end of validity (UTC).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The OpenSSH user certificate line of an identity file, kept as text; not needed for TLS.</summary>
    public string? SshCertificate { get; }

    /// <summary>The <c>@cert-authority</c> lines of an identity file, kept as text; not needed for TLS.</summary>
    public IReadOnlyList<string> SshCertificateAuthorities { get; }

    /// <summary>The file the client certificate came from, as messages name it (e.g. "identity file /x/id").</summary>
    public string CertificateSource { get; }

    /// <summary>The file the CA certificates came from, as messages name it.</summary>
    public string CertificateAuthoritiesSource { get; }

    /// <summary>Formats a time as messages show it: UTC, ISO 8601, whole seconds.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Throws when the client certificate is expired or not yet valid at <paramref name="now"/>.</summary>
    public void EnsureValidAt(DateTimeOffset now)
    {
        if (now >= NotAfter)
        {
            throw new TeleportCredentialsException($"{CertificateSource}: the TLS certificate expired at {FormatTime(NotAfter)}");
        }

        if (now < NotBefore)
        {
            throw new TeleportCredentialsException(
                $"{CertificateSource}: the TLS certificate is not valid before {FormatTime(NotBefore)} (it is {FormatTime(now)} here; is the clock right?)");
        }
    }
}
