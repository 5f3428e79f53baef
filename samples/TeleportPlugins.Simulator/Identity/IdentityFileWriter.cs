using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeleportPlugins.Simulator.Identity;

/// <summary>
/// Writes identity files in the layout of <c>tctl auth sign --format=file</c>: private key PEM, SSH user certificate
/// line, TLS client certificate PEM, <c>@cert-authority</c> line, TLS CA certificate PEM. The SSH certificate is a
/// real one signed by the CA key, although the host only uses the TLS parts.
/// </summary>
internal sealed class IdentityFileWriter(ClusterAuthority authority)
{
    private const string SshCertType = "ssh-rsa-cert-v01@openssh.com";

    public async Task<string> WriteAsync(string path, string user, IReadOnlyList<string> roles, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        using var key = RSA.Create(2048);
        using var certificate = authority.IssueClientCertificate(key, user, roles, lifetime);
        var text = new StringBuilder();
        // tctl writes PKCS#1 ("RSA PRIVATE KEY") for RSA identities.
        text.Append(key.ExportRSAPrivateKeyPem()).Append('\n');
        text.Append(SshCertType).Append(' ')
            .Append(Convert.ToBase64String(SshUserCertificate(key, user, roles, lifetime)))
            .Append('\n');
        text.Append(certificate.ExportCertificatePem()).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"@cert-authority {authority.ClusterName},*.{authority.ClusterName} ssh-rsa ")
            .Append(Convert.ToBase64String(SshRsaPublicKey(authority.Key)))
            .Append(" type=host\n");
        text.Append(authority.Certificate.ExportCertificatePem()).Append('\n');

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // Like tctl: the file holds a private key.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private static byte[] SshRsaPublicKey(RSA key)
    {
        var parameters = key.ExportParameters(false);
        return new SshWireWriter().String("ssh-rsa").MPInt(parameters.Exponent).MPInt(parameters.Modulus).ToArray();
    }

    private byte[] SshUserCertificate(RSA key, string user, IReadOnlyList<string> roles, TimeSpan lifetime)
    {
        var parameters = key.ExportParameters(false);
        var now = authority.Time.GetUtcNow();
        var principals = new SshWireWriter();
        principals.String(user);
        var nonce = RandomNumberGenerator.GetBytes(32);
        var body = new SshWireWriter()
            .String(SshCertType)
            .Bytes(nonce)
            .MPInt(parameters.Exponent)
            .MPInt(parameters.Modulus)
            .UInt64((ulong)now.ToUnixTimeSeconds())
            .UInt32(1) // user certificate
            .String(user)
            .Bytes(principals.ToArray())
            .UInt64((ulong)now.AddMinutes(-1).ToUnixTimeSeconds())
            .UInt64((ulong)(now + lifetime).ToUnixTimeSeconds())
            .Bytes([]) // critical options
            .Bytes(Extensions(roles))
            .Bytes([]) // reserved
            .Bytes(SshRsaPublicKey(authority.Key))
            .ToArray();
        var signature = authority.Key.SignData(body, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        var signatureBlob = new SshWireWriter().String("rsa-sha2-512").Bytes(signature).ToArray();
        var certificate = new MemoryStream();
        certificate.Write(body);
        certificate.Write(new SshWireWriter().Bytes(signatureBlob).ToArray());
        return certificate.ToArray();
    }

    // Extensions must be sorted by name; Teleport carries the roles in a teleport-roles extension.
    private static byte[] Extensions(IReadOnlyList<string> roles)
    {
        var rolesJson = JsonSerializer.Serialize(new Dictionary<string, object> { ["version"] = "v1", ["roles"] = roles });
        return new SshWireWriter()
            .String("permit-pty").Bytes([])
            .String("teleport-roles").Bytes(new SshWireWriter().String(rolesJson).ToArray())
            .ToArray();
    }
}
