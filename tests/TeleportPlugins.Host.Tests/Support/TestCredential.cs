using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>A client certificate issued by a <see cref="TestCluster"/>, with its key as PEM text.</summary>
internal sealed record TestCredential(X509Certificate2 Certificate, string KeyPem)
{
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";
}
