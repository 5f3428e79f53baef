using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Writes credentials in the layouts tctl and tbot use.</summary>
internal static class TestIdentityFiles
{
    /// <summary>
    /// An identity file as <c>tctl auth sign --format=file</c> writes it: key PEM, OpenSSH certificate line, TLS certificate
    /// PEM, <c>@cert-authority</c> lines, TLS CA PEMs (of <paramref name="clusters"/>, in that order); every part
    /// newline-terminated.
    /// </summary>
    public static string IdentityFileText(TestCredential credential, params TestCluster[] clusters)
    {
        var text = new StringBuilder()
            .Append(credential.KeyPem)
            .Append(SshCertificateLine()).Append('\n')
            .Append(credential.CertificatePem);
        foreach (var cluster in clusters)
        {
            text.Append(SshCertificateAuthorityLine(cluster.Name)).Append('\n');
        }

        foreach (var cluster in clusters)
        {
            text.Append(cluster.HostCaPem);
        }

        return text.ToString();
    }

    /// <summary>A synthetic OpenSSH user certificate line; the TLS side never reads its body.</summary>
    public static string SshCertificateLine() =>
        "ssh-rsa-cert-v01@openssh.com " + SshBlob("ssh-rsa-cert-v01@openssh.com");

    public static string SshCertificateAuthorityLine(string clusterName) =>
        $"@cert-authority {clusterName},*.{clusterName} ssh-rsa {SshBlob("ssh-rsa")} type=host";

    /// <summary>Writes <c>client_key</c>, <c>client_crt</c> and <c>root_cas</c> files into <paramref name="directory"/>.</summary>
    public static (string Key, string Certificate, string CertificateAuthorities) WriteKeyPair(
        string directory, TestCredential credential, params TestCluster[] clusters)
    {
        var key = Path.Combine(directory, "auth.key");
        var certificate = Path.Combine(directory, "auth.crt");
        var certificateAuthorities = Path.Combine(directory, "auth.cas");
        File.WriteAllText(key, credential.KeyPem);
        File.WriteAllText(certificate, credential.CertificatePem);
        File.WriteAllText(certificateAuthorities, string.Concat(clusters.Select(c => c.HostCaPem)));
        return (key, certificate, certificateAuthorities);
    }

    /// <summary>A tbot identity output directory, with or without its <c>identity</c> file.</summary>
    public static void WriteTbotDirectory(string directory, TestCredential credential, TestCluster cluster, bool withIdentityFile)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "key"), credential.KeyPem);
        File.WriteAllText(Path.Combine(directory, "key-cert.pub"), SshCertificateLine() + "\n");
        File.WriteAllText(Path.Combine(directory, "tlscert"), credential.CertificatePem);
        File.WriteAllText(Path.Combine(directory, "tlscacerts"), cluster.HostCaPem);
        File.WriteAllText(Path.Combine(directory, "sshcacerts"), SshCertificateAuthorityLine(cluster.Name) + "\n");
        if (withIdentityFile)
        {
            File.WriteAllText(Path.Combine(directory, "identity"), IdentityFileText(credential, cluster));
        }
    }

    // authorized_keys bodies start with the length-prefixed key type; the rest is random filler.
    private static string SshBlob(string keyType)
    {
        var type = Encoding.ASCII.GetBytes(keyType);
        byte[] blob = [0, 0, 0, (byte)type.Length, .. type, .. RandomNumberGenerator.GetBytes(64)];
        return Convert.ToBase64String(blob);
    }
}
