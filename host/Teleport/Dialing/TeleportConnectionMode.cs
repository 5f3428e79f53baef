namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>How the Auth Service is reached.</summary>
internal enum TeleportConnectionMode
{
    /// <summary>Mutual TLS straight to the Auth Service (port 3025 normally).</summary>
    Direct,

    /// <summary>Through the Proxy's web port, which routes the TLS stream to the Auth Service by ALPN.</summary>
    TlsRouting,
}
