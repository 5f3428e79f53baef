using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// One reading of the files an identity comes from: either a single identity file, or a private key, a certificate
/// and CA certificates in separate files.
/// </summary>
internal sealed class IdentityFiles
{
    private IdentityFiles(SourceFile? identity, SourceFile? key, SourceFile? certificate, SourceFile? certificateAuthorities)
    {
        Identity = identity;
        Key = key;
        Certificate = certificate;
        CertificateAuthorities = certificateAuthorities;
        Fingerprint = ComputeFingerprint([identity, key, certificate, certificateAuthorities]);
    }

    /// <summary>The <c>tctl auth sign --format=file</c> identity file, when the identity comes from one.</summary>
    public SourceFile? Identity { get; }

    /// <summary>The private key file of the separate-files form.</summary>
    public SourceFile? Key { get; }

    /// <summary>The TLS client certificate file of the separate-files form.</summary>
    public SourceFile? Certificate { get; }

    /// <summary>The cluster CA certificates file of the separate-files form.</summary>
    public SourceFile? CertificateAuthorities { get; }

    /// <summary>SHA-256 over every file's path and content: equal fingerprints mean nothing changed.</summary>
    public string Fingerprint { get; }

    public static IdentityFiles FromIdentityFile(SourceFile identity) => new(identity, null, null, null);

    public static IdentityFiles FromSeparateFiles(SourceFile key, SourceFile certificate, SourceFile certificateAuthorities) =>
        new(null, key, certificate, certificateAuthorities);

    private static string ComputeFingerprint(SourceFile?[] files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var file in files)
        {
            if (file is null)
            {
                hash.AppendData([0]);
                continue;
            }

            // Length prefixes keep "ab"+"c" and "a"+"bc" apart.
            var path = Encoding.UTF8.GetBytes(file.Path);
            BinaryPrimitives.WriteInt64LittleEndian(length, path.Length);
            hash.AppendData(length);
            hash.AppendData(path);
            BinaryPrimitives.WriteInt64LittleEndian(length, file.Content.Length);
            hash.AppendData(length);
            hash.AppendData(file.Content.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
