using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Simulator.Identity;

/// <summary>
/// The simulated cluster's certificate authority. Teleport has separate host and user CAs; the simulator uses one
/// RSA key for both (server certificates, client certificates and SSH certificates), which clients cannot tell apart
/// because they only pin the CA certificate found in the identity file.
/// </summary>
internal sealed class ClusterAuthority : IDisposable
{
    /// <summary>Teleport's API domain: included on every Auth Server certificate and the SNI clients send.</summary>
    public const string ApiDomain = "teleport.cluster.local";

    private static readonly Oid OrganizationOid = new("2.5.4.10");
    private static readonly Oid CommonNameOid = new("2.5.4.3");

    private readonly RSA _key;

    public ClusterAuthority(string clusterName, TimeProvider time)
    {
        ClusterName = clusterName;
        Time = time;
        _key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName(clusterName);
        subject.AddCommonName(clusterName);
        var request = new CertificateRequest(subject.Build(), _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        Certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
    }

    public string ClusterName { get; }

    public TimeProvider Time { get; }

    /// <summary>The CA certificate (with its key): what the identity file pins and client chains are built to.</summary>
    public X509Certificate2 Certificate { get; }

    public RSA Key => _key;

    /// <summary>The Auth Server's TLS certificate: SANs teleport.cluster.local (and per-cluster SNI), localhost, 127.0.0.1.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName(ClusterName);
        subject.AddCommonName(ApiDomain);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(ApiDomain);
        san.AddDnsName("*." + ApiDomain);
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var leaf = Sign(request);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform (ephemeral keys are not on Windows).
        using var withKey = leaf.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate the way Teleport encodes identities: subject CN = user, one O per role.</summary>
    public X509Certificate2 IssueClientCertificate(RSA key, string user, IReadOnlyList<string> roles, TimeSpan lifetime)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var role in roles)
        {
            subject.AddOrganizationName(role);
        }

        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        return Sign(request, lifetime);
    }

    /// <summary>Verifies a client certificate against this CA alone (no system roots, no revocation: the CA is private).</summary>
    public bool Verify(X509Certificate2 clientCertificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(clientCertificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
    }

    /// <summary>Reads the Teleport user (CN) and roles (O entries) from a verified client certificate.</summary>
    public static (string User, IReadOnlyList<string> Roles) ReadIdentity(X509Certificate2 certificate)
    {
        var user = "";
        var roles = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType().Value;
            var value = rdn.GetSingleElementValue() ?? "";
            if (oid == CommonNameOid.Value)
            {
                user = value;
            }
            else if (oid == OrganizationOid.Value)
            {
                roles.Add(value);
            }
        }

        return (user, roles);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Sign(CertificateRequest request, TimeSpan? lifetime = null)
    {
        var now = Time.GetUtcNow();
        var notAfter = now + (lifetime ?? TimeSpan.FromDays(365));
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        return request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
    }
}
