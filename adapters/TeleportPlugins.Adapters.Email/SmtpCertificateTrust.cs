using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Trusts a configured CA (<c>ca_file</c>) for one SMTP host. System.Net.Mail validates the STARTTLS certificate
/// only through the process-wide <see cref="ServicePointManager.ServerCertificateValidationCallback"/>, so this
/// installs one callback that accepts what the system accepts, plus chains to a configured CA for a registered host
/// name, and otherwise defers to any callback installed before it. It never disables validation.
/// </summary>
internal static class SmtpCertificateTrust
{
    private static readonly ConcurrentDictionary<string, X509Certificate2Collection> Roots = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();
    private static RemoteCertificateValidationCallback? _previous;
    private static bool _installed;

    /// <summary>Trusts <paramref name="roots"/> for certificates presented by <paramref name="host"/>.</summary>
    /// <param name="host">The host name the client connects to (the certificate must still match it).</param>
    /// <param name="roots">The CA certificates.</param>
    public static void Trust(string host, X509Certificate2Collection roots)
    {
        Roots[host] = roots;
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

#pragma warning disable SYSLIB0014 // The only hook System.Net.Mail's STARTTLS offers for certificate validation.
            _previous = ServicePointManager.ServerCertificateValidationCallback;
            ServicePointManager.ServerCertificateValidationCallback = Validate;
#pragma warning restore SYSLIB0014
            _installed = true;
        }
    }

    /// <summary>Validates a server certificate.</summary>
    /// <param name="sender">The SslStream.</param>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="chain">The chain the system built.</param>
    /// <param name="errors">What the system found wrong.</param>
    /// <returns>Whether to accept the certificate.</returns>
    internal static bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain can be fixed by a configured CA; a name mismatch or a missing certificate cannot.
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null
            && sender is SslStream stream && Roots.TryGetValue(stream.TargetHostName, out var roots))
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            // Private CAs rarely publish revocation lists; the operator pinned this CA explicitly.
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var leaf = new X509Certificate2(certificate);
            if (custom.Build(leaf))
            {
                return true;
            }
        }

        return _previous?.Invoke(sender, certificate, chain, errors) ?? false;
    }
}
