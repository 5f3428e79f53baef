using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// Holds the current Teleport identity. With <c>refresh_identity</c> it re-reads the files every
/// <c>refresh_identity_interval</c> and switches to a changed identity once it loads completely; the dialer asks for
/// <see cref="Current"/> at each new connection, so new TLS handshakes use the renewed certificate.
/// </summary>
internal sealed class IdentityProvider : IDisposable
{
    private readonly IdentitySource source;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Lock reloadGate = new();
    private readonly ITimer? timer;
    private volatile TeleportIdentity current;
    private string currentFingerprint;
    private string? rejectedReason;
    private bool expiryReported;

    /// <summary>Loads the identity now; a problem with it is a <see cref="TeleportCredentialsException"/> naming the file.</summary>
    public IdentityProvider(IdentitySource source, bool refresh, TimeSpan refreshInterval, TimeProvider timeProvider, ILogger<IdentityProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.source = source;
        this.timeProvider = timeProvider;
        this.logger = logger;

        var files = source.Read();
        current = IdentityLoader.Load(files, timeProvider.GetUtcNow());
        currentFingerprint = files.Fingerprint;
        IdentityProviderLog.IdentityLoaded(
            logger, current.Username, current.ClusterName, source.Description, current.NotAfter);

        if (refresh)
        {
            timer = timeProvider.CreateTimer(_ => ReloadIfChanged(), null, refreshInterval, refreshInterval);
        }
    }

    /// <summary>The identity new connections use.</summary>
    public TeleportIdentity Current => current;

    /// <summary>Creates the provider the <c>[teleport]</c> options describe.</summary>
    public static IdentityProvider Create(TeleportOptions options, TimeProvider timeProvider, ILogger<IdentityProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new IdentityProvider(
            IdentitySource.FromOptions(options), options.RefreshIdentity, options.RefreshIdentityInterval, timeProvider, logger);
    }

    /// <summary>
    /// Re-reads the files; switches to their identity when they changed and load completely. A file caught half-written
    /// (or tbot's key renewed before its certificate) keeps the current identity and is reported once per content.
    /// </summary>
    /// <returns>Whether the identity was replaced.</returns>
    public bool ReloadIfChanged()
    {
        // A slow disk must not stack up timer callbacks; the next tick looks again.
        if (!reloadGate.TryEnter())
        {
            return false;
        }

        try
        {
            return Reload();
        }
        finally
        {
            reloadGate.Exit();
        }
    }

    public void Dispose() => timer?.Dispose();

    private bool Reload()
    {
        var now = timeProvider.GetUtcNow();
        IdentityFiles files;
        TeleportIdentity identity;
        try
        {
            files = source.Read();
            if (files.Fingerprint == currentFingerprint)
            {
                ReportExpiry(now);
                return false;
            }

            identity = IdentityLoader.Load(files, now);
        }
        catch (Exception e)
        {
            // Anything else escaping a timer callback would end the process; a renewal that fails to load is not worth that.
            // Messages stand in for the content: the same problem is reported once, not at every tick.
            var reason = e is TeleportCredentialsException ? e.Message : $"{source.Description}: {e.Message}";
            if (reason != rejectedReason)
            {
                rejectedReason = reason;
                IdentityProviderLog.ReloadRejected(logger, current.NotAfter, reason);
            }

            ReportExpiry(now);
            return false;
        }

        current = identity;
        currentFingerprint = files.Fingerprint;
        rejectedReason = null;
        expiryReported = false;
        IdentityProviderLog.IdentityReloaded(
            logger, identity.Username, identity.ClusterName, source.Description, identity.NotAfter);
        return true;
    }

    private void ReportExpiry(DateTimeOffset now)
    {
        if (!expiryReported && now >= current.NotAfter)
        {
            expiryReported = true;
            IdentityProviderLog.IdentityExpired(logger, current.CertificateSource, current.NotAfter);
        }
    }
}
