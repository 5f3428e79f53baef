using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>
/// A Teleport cluster's certificate authorities as Teleport issues them: a user CA that signs client certificates and a
/// host CA that signs the Auth Service's certificate, both self-signed with subject CN = O = the cluster name.
/// </summary>
internal sealed class TestCluster
{
    private static readonly DateTimeOffset CaNotBefore = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CaNotAfter = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestCluster(string name)
    {
        Name = name;
        UserCa = CreateCa(name);
        HostCa = CreateCa(name);
    }

    public string Name { get; }

    /// <summary>Signs client certificates; the server side of the tests trusts it for client authentication.</summary>
    public X509Certificate2 UserCa { get; }

    /// <summary>Signs the server certificate; identity files carry it as the TLS CA.</summary>
    public X509Certificate2 HostCa { get; }

    /// <summary>The host CA as PEM, as written into identity files and root_cas files.</summary>
    public string HostCaPem => HostCa.ExportCertificatePem() + "\n";

    /// <summary>An Auth Service certificate for <paramref name="dnsName"/> (teleport.cluster.local), valid around <paramref name="now"/>.</summary>
    public X509Certificate2 IssueServerCertificate(DateTimeOffset now, string dnsName = "teleport.cluster.local")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=auth, O={Name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddDnsName("*." + dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(HostCa, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A client certificate for <paramref name="username"/>, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public TestCredential IssueClient(string username, TestKeyFormat format, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using AsymmetricAlgorithm key = format is TestKeyFormat.EcSec1 or TestKeyFormat.EcPkcs8
            ? ECDsa.Create(ECCurve.NamedCurves.nistP256)
            : RSA.Create(2048);
        // Teleport's subject: CN = user, O = roles.
        var request = key is RSA rsa
            ? new CertificateRequest($"CN={username}, O=access", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={username}, O=access", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        // The CAs are ECDSA; an RSA leaf under them needs the generator overload.
        using var caKey = UserCa.GetECDsaPrivateKey()!;
        using var certificate = request.Create(
            UserCa.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        var withKey = key is RSA r ? certificate.CopyWithPrivateKey(r) : certificate.CopyWithPrivateKey((ECDsa)key);
        var pem = format switch
        {
            TestKeyFormat.RsaPkcs1 => ((RSA)key).ExportRSAPrivateKeyPem(),
            TestKeyFormat.RsaPkcs8UnderRsaHeader => PemEncoding.WriteString("RSA PRIVATE KEY", key.ExportPkcs8PrivateKey()),
            TestKeyFormat.EcSec1 => ((ECDsa)key).ExportECPrivateKeyPem(),
            _ => key.ExportPkcs8PrivateKeyPem(),
        };
        return new TestCredential(withKey, pem + "\n");
    }

    /// <summary>A client certificate valid for a day around <paramref name="now"/>.</summary>
    public TestCredential IssueClient(string username, TestKeyFormat format, DateTimeOffset now) =>
        IssueClient(username, format, now.AddMinutes(-1), now.AddHours(1));

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(CaNotBefore, CaNotAfter);
    }
}
