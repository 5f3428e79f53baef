namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>Where the Teleport identity comes from, as configured in <c>[teleport]</c>.</summary>
internal sealed class IdentitySource
{
    // File names inside a Machine ID (tbot) identity output directory.
    private const string TbotIdentityFile = "identity";
    private const string TbotKeyFile = "key";
    private const string TbotCertificateFile = "tlscert";
    private const string TbotCertificateAuthoritiesFile = "tlscacerts";

    private readonly string? identityPath;
    private readonly string? keyPath;
    private readonly string? certificatePath;
    private readonly string? certificateAuthoritiesPath;

    private IdentitySource(string? identityPath, string? keyPath, string? certificatePath, string? certificateAuthoritiesPath)
    {
        this.identityPath = identityPath;
        this.keyPath = keyPath;
        this.certificatePath = certificatePath;
        this.certificateAuthoritiesPath = certificateAuthoritiesPath;
    }

    /// <summary>For logs: the configured path(s).</summary>
    public string Description => identityPath is not null
        ? $"identity {identityPath}"
        : $"client_key {keyPath}, client_crt {certificatePath}, root_cas {certificateAuthoritiesPath}";

    /// <summary>An identity file, or a tbot output directory.</summary>
    public static IdentitySource FromIdentity(string path) => new(path, null, null, null);

    /// <summary>The <c>--format=tls</c> form: client_key, client_crt and root_cas.</summary>
    public static IdentitySource FromKeyPair(string keyPath, string certificatePath, string certificateAuthoritiesPath) =>
        new(null, keyPath, certificatePath, certificateAuthoritiesPath);

    /// <summary>The source <paramref name="options"/> describe; they are validated already, so one of the forms is complete.</summary>
    public static IdentitySource FromOptions(TeleportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Identity)
            ? FromKeyPair(options.ClientKey!, options.ClientCrt!, options.RootCas!)
            : FromIdentity(options.Identity);
    }

    /// <summary>Reads the current content of every file the identity needs.</summary>
    /// <remarks>
    /// Synchronous on purpose: the files are a few kilobytes on a local disk, and the refresh timer calls this, which
    /// keeps a reload on a fake clock deterministic in tests.
    /// </remarks>
    public IdentityFiles Read()
    {
        if (identityPath is null)
        {
            return IdentityFiles.FromSeparateFiles(
                SourceFile.Read("private key file", keyPath!),
                SourceFile.Read("TLS certificate file", certificatePath!),
                SourceFile.Read("CA certificate file", certificateAuthoritiesPath!));
        }

        if (!Directory.Exists(identityPath))
        {
            return IdentityFiles.FromIdentityFile(SourceFile.Read("identity file", identityPath));
        }

        // tbot writes both forms; the identity file holds everything in one file, so it is never half-renewed
        // across files the way key and tlscert can be.
        var tbotIdentity = Path.Combine(identityPath, TbotIdentityFile);
        if (File.Exists(tbotIdentity))
        {
            return IdentityFiles.FromIdentityFile(SourceFile.Read("identity file", tbotIdentity));
        }

        return IdentityFiles.FromSeparateFiles(
            SourceFile.Read("private key file", Path.Combine(identityPath, TbotKeyFile)),
            SourceFile.Read("TLS certificate file", Path.Combine(identityPath, TbotCertificateFile)),
            SourceFile.Read("CA certificate file", Path.Combine(identityPath, TbotCertificateAuthoritiesFile)));
    }
}
