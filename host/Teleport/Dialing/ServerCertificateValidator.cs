using System.Security.Cryptography.X509Certificates;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// Checks the server's certificate the way Teleport's client does: it must chain to one of the identity's cluster CA
/// certificates (never the OS store) and name <c>teleport.cluster.local</c>.
/// </summary>
internal static class ServerCertificateValidator
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Returns true for a trusted certificate and throws a <see cref="TeleportConnectionException"/> saying why otherwise.</summary>
    /// <remarks>
    /// Throwing from the TLS validation callback rather than returning false is what carries the reason out: SslStream
    /// and SocketsHttpHandler pass the exception on as it is (or as the inner exception), where false would only say
    /// "rejected by the callback".
    /// </remarks>
    public static bool Validate(
        string target, TeleportIdentity identity, X509Certificate? certificate, X509Chain? presentedChain, DateTimeOffset now, bool tlsRouting)
    {
        if (certificate is null)
        {
            throw new TeleportConnectionException(TeleportConnectionFailure.UntrustedServer, $"{target}: the server sent no TLS certificate");
        }

        using var loaded = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var server = loaded ?? (X509Certificate2)certificate;

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(identity.CertificateAuthorities.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new(ServerAuthenticationOid));
        if (presentedChain?.ChainPolicy.ExtraStore is { Count: > 0 } intermediates)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (!chain.Build(server))
        {
            var problems = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).ToArray();
            if (problems.Length > 0 && problems.All(s => s.Status == X509ChainStatusFlags.NotTimeValid))
            {
                throw new TeleportConnectionException(
                    TeleportConnectionFailure.UntrustedServer,
                    $"{target}: the server certificate or the cluster CA from {identity.CertificateAuthoritiesSource} is not valid now "
                    + $"({TeleportIdentity.FormatTime(now)}); the server certificate is valid from {TeleportIdentity.FormatTime(server.NotBefore)} "
                    + $"to {TeleportIdentity.FormatTime(server.NotAfter)}");
            }

            // Through a Proxy without TLS routing the answer is the Proxy's own web certificate, hence the hint.
            var hint = tlsRouting ? "; is TLS routing enabled on the Proxy (proxy_listener_mode: multiplex)?" : string.Empty;
            throw new TeleportConnectionException(
                TeleportConnectionFailure.UntrustedServer,
                $"{target}: server certificate not signed by the cluster CA from {identity.CertificateAuthoritiesSource} "
                + $"(server certificate issuer: {server.Issuer}; {string.Join(", ", problems.Select(s => s.Status))}){hint}");
        }

        if (!server.MatchesHostname(TeleportDialer.ServerName))
        {
            throw new TeleportConnectionException(
                TeleportConnectionFailure.UntrustedServer,
                $"{target}: the server certificate ({server.Subject}) is signed by the cluster CA but not issued for {TeleportDialer.ServerName}, "
                + "so it is not an Auth Service certificate");
        }

        return true;
    }
}
