using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Teleport.Credentials;

public sealed class IdentityLoaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private TestCluster cluster = null!;
    private TempDirectory directory = null!;

    [OneTimeSetUp]
    public void CreateCluster() => cluster = new TestCluster("example.com");

    [SetUp]
    public void CreateDirectory() => directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => directory.Dispose();

    [TestCase(TestKeyFormat.RsaPkcs1)]
    [TestCase(TestKeyFormat.RsaPkcs8)]
    [TestCase(TestKeyFormat.RsaPkcs8UnderRsaHeader)]
    [TestCase(TestKeyFormat.EcSec1)]
    [TestCase(TestKeyFormat.EcPkcs8)]
    public void Load_IdentityFile_ReadsEveryPart(TestKeyFormat format)
    {
        var credential = cluster.IssueClient("alice", format, Now);
        var path = Write("identity", TestIdentityFiles.IdentityFileText(credential, cluster));

        var identity = Load(IdentitySource.FromIdentity(path));

        Assert.Multiple(() =>
        {
            Assert.That(identity.Username, Is.EqualTo("alice"));
            Assert.That(identity.ClusterName, Is.EqualTo("example.com"));
            Assert.That(identity.ClientCertificate.Thumbprint, Is.EqualTo(credential.Certificate.Thumbprint));
            Assert.That(identity.NotAfter, Is.EqualTo(new DateTimeOffset(credential.Certificate.NotAfter.ToUniversalTime())));
            Assert.That(identity.CertificateAuthorities.Select(c => c.Thumbprint), Is.EqualTo(new[] { cluster.HostCa.Thumbprint }));
            Assert.That(identity.SshCertificate, Does.StartWith("ssh-rsa-cert-v01@openssh.com AAAA"));
            Assert.That(identity.SshCertificateAuthorities, Has.Count.EqualTo(1));
            Assert.That(identity.SshCertificateAuthorities[0], Does.StartWith("@cert-authority example.com,*.example.com ssh-rsa "));
            Assert.That(identity.CertificateSource, Is.EqualTo($"identity file {path}"));
            Assert.That(KeySigns(identity.ClientCertificate), Is.True, "the attached private key belongs to the certificate");
        });
    }

    [Test]
    public void Load_KeyPairFiles_ReadsEveryRootCa()
    {
        var other = new TestCluster("leaf.example.com");
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster, other);

        var identity = Load(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities));

        Assert.Multiple(() =>
        {
            Assert.That(identity.Username, Is.EqualTo("alice"));
            Assert.That(identity.ClusterName, Is.EqualTo("example.com"));
            Assert.That(identity.CertificateAuthorities.Select(c => c.Thumbprint), Is.EqualTo(new[] { cluster.HostCa.Thumbprint, other.HostCa.Thumbprint }));
            Assert.That(identity.SshCertificate, Is.Null);
            Assert.That(identity.CertificateSource, Is.EqualTo($"TLS certificate file {certificate}"));
            Assert.That(identity.CertificateAuthoritiesSource, Is.EqualTo($"CA certificate file {certificateAuthorities}"));
            Assert.That(KeySigns(identity.ClientCertificate), Is.True);
        });
    }

    [Test]
    public void Load_TbotDirectoryWithIdentityFile_UsesTheIdentityFile()
    {
        var tbot = directory.Combine("tbot");
        TestIdentityFiles.WriteTbotDirectory(tbot, cluster.IssueClient("bot-plugin", TestKeyFormat.EcPkcs8, Now), cluster, withIdentityFile: true);
        // Proves the separate files are not read when the identity file is there.
        File.WriteAllText(Path.Combine(tbot, "key"), "not a key");

        var identity = Load(IdentitySource.FromIdentity(tbot));

        Assert.Multiple(() =>
        {
            Assert.That(identity.Username, Is.EqualTo("bot-plugin"));
            Assert.That(identity.CertificateSource, Is.EqualTo($"identity file {Path.Combine(tbot, "identity")}"));
            Assert.That(identity.SshCertificate, Is.Not.Null);
        });
    }

    [Test]
    public void Load_TbotDirectoryWithoutIdentityFile_UsesKeyTlscertAndTlscacerts()
    {
        var tbot = directory.Combine("tbot");
        TestIdentityFiles.WriteTbotDirectory(tbot, cluster.IssueClient("bot-plugin", TestKeyFormat.RsaPkcs1, Now), cluster, withIdentityFile: false);

        var identity = Load(IdentitySource.FromIdentity(tbot));

        Assert.Multiple(() =>
        {
            Assert.That(identity.Username, Is.EqualTo("bot-plugin"));
            Assert.That(identity.CertificateSource, Is.EqualTo($"TLS certificate file {Path.Combine(tbot, "tlscert")}"));
            Assert.That(identity.CertificateAuthoritiesSource, Is.EqualTo($"CA certificate file {Path.Combine(tbot, "tlscacerts")}"));
            Assert.That(KeySigns(identity.ClientCertificate), Is.True);
        });
    }

    [Test]
    public void Load_CaListStartsWithAnotherCluster_ClusterNameComesFromTheCertificateIssuer()
    {
        var leaf = new TestCluster("leaf.example.com");
        var path = Write("identity", TestIdentityFiles.IdentityFileText(cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now), leaf, cluster));

        var identity = Load(IdentitySource.FromIdentity(path));

        Assert.Multiple(() =>
        {
            Assert.That(identity.ClusterName, Is.EqualTo("example.com"));
            Assert.That(identity.CertificateAuthorities, Has.Count.EqualTo(2));
            Assert.That(identity.SshCertificateAuthorities, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Load_ExpiredCertificate_RefusedNamingFileAndUtcExpiry()
    {
        var expiredAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, expiredAt.AddHours(-1), expiredAt);
        var path = Write("identity", TestIdentityFiles.IdentityFileText(credential, cluster));

        var error = LoadFails(IdentitySource.FromIdentity(path));

        Assert.That(error.Message, Is.EqualTo($"identity file {path}: the TLS certificate expired at 2026-11-20T10:00:00Z"));
    }

    [Test]
    public void Load_NotYetValidCertificate_RefusedNamingFileAndStart()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now.AddHours(1), Now.AddHours(2));
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster);

        var error = LoadFails(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities));

        Assert.That(error.Message, Does.StartWith($"TLS certificate file {certificate}: the TLS certificate is not valid before 2026-11-21T13:00:00Z"));
    }

    [Test]
    public void Load_MissingFile_NamesTheFile()
    {
        var path = directory.Combine("nowhere");

        Assert.That(LoadFails(IdentitySource.FromIdentity(path)).Message, Is.EqualTo($"identity file {path}: file not found"));
    }

    [Test]
    public void Load_KeyPathIsADirectory_SaysSo()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var (_, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster);

        Assert.That(
            LoadFails(IdentitySource.FromKeyPair(directory.Path, certificate, certificateAuthorities)).Message,
            Is.EqualTo($"private key file {directory.Path}: is a directory, expected a file"));
    }

    [Test]
    public void Load_TbotDirectoryMissingTlscert_NamesTheMissingFile()
    {
        var tbot = directory.Combine("tbot");
        TestIdentityFiles.WriteTbotDirectory(tbot, cluster.IssueClient("bot", TestKeyFormat.EcSec1, Now), cluster, withIdentityFile: false);
        File.Delete(Path.Combine(tbot, "tlscert"));

        Assert.That(LoadFails(IdentitySource.FromIdentity(tbot)).Message, Is.EqualTo($"TLS certificate file {Path.Combine(tbot, "tlscert")}: file not found"));
    }

    [Test]
    public void Load_FileWithoutPem_SaysWhatWasExpected()
    {
        var path = Write("identity", "hello\nworld\n");

        Assert.That(LoadFails(IdentitySource.FromIdentity(path)).Message, Does.StartWith($"identity file {path}: holds 0 PEM block(s); expected a private key"));
    }

    [Test]
    public void Load_IdentityFileWithoutCaCertificates_Refused()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var path = Write("identity", credential.KeyPem + TestIdentityFiles.SshCertificateLine() + "\n" + credential.CertificatePem);

        Assert.That(LoadFails(IdentitySource.FromIdentity(path)).Message, Is.EqualTo($"identity file {path}: no TLS CA certificate (CERTIFICATE PEM block) found"));
    }

    [Test]
    public void Load_SecondBlockIsNotACertificate_NamesTheBlock()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var path = Write("identity", credential.KeyPem + credential.KeyPem + cluster.HostCaPem);

        Assert.That(
            LoadFails(IdentitySource.FromIdentity(path)).Message,
            Is.EqualTo($"identity file {path}: PEM block 2 (EC PRIVATE KEY) is not the TLS client certificate (expected CERTIFICATE)"));
    }

    [Test]
    public void Load_CertificateFileHoldsAKey_NamesTheFile()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcPkcs8, Now);
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster);
        File.WriteAllText(certificate, credential.KeyPem);

        var error = LoadFails(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities));

        Assert.That(error.Message, Is.EqualTo($"TLS certificate file {certificate}: PEM block 1 (PRIVATE KEY) is not the TLS client certificate (expected CERTIFICATE)"));
        AssertNoKeyMaterial(error, credential);
    }

    [Test]
    public void Load_KeyOfAnotherCertificate_RefusedWithoutKeyMaterial()
    {
        var alice = cluster.IssueClient("alice", TestKeyFormat.RsaPkcs1, Now);
        var bob = cluster.IssueClient("bob", TestKeyFormat.RsaPkcs1, Now);
        var path = Write("identity", TestIdentityFiles.IdentityFileText(alice with { KeyPem = bob.KeyPem }, cluster));

        var error = LoadFails(IdentitySource.FromIdentity(path));

        Assert.That(error.Message, Is.EqualTo($"identity file {path}: the private key does not match the TLS certificate"));
        AssertNoKeyMaterial(error, bob);
    }

    [Test]
    public void Load_KeyOfAnotherAlgorithm_NamesBothFiles()
    {
        var alice = cluster.IssueClient("alice", TestKeyFormat.RsaPkcs8, Now);
        var ec = cluster.IssueClient("alice", TestKeyFormat.EcPkcs8, Now);
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, alice with { KeyPem = ec.KeyPem }, cluster);

        var error = LoadFails(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities));

        Assert.That(
            error.Message,
            Is.EqualTo($"private key file {key}: the private key does not match the TLS certificate in {certificate} (an ECDSA key for an RSA certificate)"));
        AssertNoKeyMaterial(error, ec);
    }

    [Test]
    public void Load_KeyBytesThatAreNoKey_RefusedWithoutKeyMaterial()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.RsaPkcs1, Now);
        var garbage = credential with { KeyPem = PemEncoding.WriteString("RSA PRIVATE KEY", RandomNumberGenerator.GetBytes(600)) + "\n" };
        var path = Write("identity", TestIdentityFiles.IdentityFileText(garbage, cluster));

        var error = LoadFails(IdentitySource.FromIdentity(path));

        Assert.That(
            error.Message,
            Is.EqualTo($"identity file {path}: PEM block 1 (RSA PRIVATE KEY) cannot be read as an RSA (PKCS#1, PKCS#8) or EC (SEC1, PKCS#8) private key"));
        AssertNoKeyMaterial(error, garbage);
    }

    [Test]
    public void Load_EncryptedKey_Refused()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcPkcs8, Now);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
        var path = Write("identity", TestIdentityFiles.IdentityFileText(credential with { KeyPem = encrypted + "\n" }, cluster));

        Assert.That(LoadFails(IdentitySource.FromIdentity(path)).Message, Does.StartWith($"identity file {path}: PEM block 1 (ENCRYPTED PRIVATE KEY) is encrypted"));
    }

    [Test]
    public void Load_HalfWrittenIdentityFile_SaysWhichBlockIsCut()
    {
        var text = TestIdentityFiles.IdentityFileText(cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now), cluster);
        var cut = text.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) + 100;
        var path = Write("identity", text[..cut]);

        Assert.That(LoadFails(IdentitySource.FromIdentity(path)).Message, Is.EqualTo($"identity file {path}: PEM block 2 (CERTIFICATE) has no END line"));
    }

    [Test]
    public void Load_BadBase64InCertificate_SaysMalformed()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var broken = credential.CertificatePem.Replace("\nM", "\n!M", StringComparison.Ordinal);
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster);
        File.WriteAllText(certificate, broken);

        Assert.That(
            LoadFails(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities)).Message,
            Is.EqualTo($"TLS certificate file {certificate}: PEM block 1 (CERTIFICATE) is malformed (bad base64 or mismatched BEGIN/END lines)"));
    }

    [Test]
    public void Load_CaFileWithoutCertificates_Refused()
    {
        var credential = cluster.IssueClient("alice", TestKeyFormat.EcSec1, Now);
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(directory.Path, credential, cluster);
        File.WriteAllText(certificateAuthorities, "\n");

        Assert.That(
            LoadFails(IdentitySource.FromKeyPair(key, certificate, certificateAuthorities)).Message,
            Is.EqualTo($"CA certificate file {certificateAuthorities}: no TLS CA certificate (CERTIFICATE PEM block) found"));
    }

    private static TeleportIdentity Load(IdentitySource source) => IdentityLoader.Load(source.Read(), Now);

    private static TeleportCredentialsException LoadFails(IdentitySource source) =>
        Assert.Throws<TeleportCredentialsException>(() => Load(source))!;

    private static void AssertNoKeyMaterial(Exception error, TestCredential credential)
    {
        var keyLines = credential.KeyPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal));
        for (var e = error; e is not null; e = e.InnerException)
        {
            foreach (var line in keyLines)
            {
                Assert.That(e.Message, Does.Not.Contain(line[..16]), "key material in an error message");
            }
        }
    }

    private static bool KeySigns(X509Certificate2 certificate)
    {
        byte[] data = [1, 2, 3];
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                using var verify = certificate.GetRSAPublicKey()!;
                return verify.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }

        using var ec = certificate.GetECDsaPrivateKey()!;
        using var publicKey = certificate.GetECDsaPublicKey()!;
        return publicKey.VerifyData(data, ec.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
    }

    private string Write(string name, string content)
    {
        var path = directory.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }
}
