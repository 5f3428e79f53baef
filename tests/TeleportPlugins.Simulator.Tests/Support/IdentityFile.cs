using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Simulator.Tests.Support;

/// <summary>Reads the TLS parts of a tctl-style identity file: PEM blocks in order key, client cert, CA certs.</summary>
internal sealed partial record IdentityFile(string[] PemBlocks, string[] Lines)
{
    public static IdentityFile Read(string path)
    {
        var text = File.ReadAllText(path);
        return new IdentityFile([.. PemBlock().Matches(text).Select(m => m.Value)], text.Split('\n'));
    }

    public X509Certificate2 ClientCertificate() => X509Certificate2.CreateFromPem(PemBlocks[1], PemBlocks[0]);

    public X509Certificate2 CaCertificate() => X509Certificate2.CreateFromPem(PemBlocks[2]);

    [GeneratedRegex("-----BEGIN ([A-Z ]+)-----[^-]+-----END \\1-----", RegexOptions.CultureInvariant)]
    private static partial Regex PemBlock();
}
