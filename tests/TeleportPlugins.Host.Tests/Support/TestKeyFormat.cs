namespace TeleportPlugins.Host.Tests.Support;

/// <summary>The private key encodings Teleport writes (or has been seen to write).</summary>
public enum TestKeyFormat
{
    /// <summary>RSA key, <c>RSA PRIVATE KEY</c> (PKCS#1).</summary>
    RsaPkcs1,

    /// <summary>RSA key, <c>PRIVATE KEY</c> (PKCS#8).</summary>
    RsaPkcs8,

    /// <summary>RSA key, PKCS#8 body under an <c>RSA PRIVATE KEY</c> header.</summary>
    RsaPkcs8UnderRsaHeader,

    /// <summary>ECDSA P-256 key, <c>EC PRIVATE KEY</c> (SEC1).</summary>
    EcSec1,

    /// <summary>ECDSA P-256 key, <c>PRIVATE KEY</c> (PKCS#8).</summary>
    EcPkcs8,
}
