namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>Why a connection to Teleport failed; lets callers tell waiting-and-retrying from fixing the setup.</summary>
internal enum TeleportConnectionFailure
{
    /// <summary>TCP connect failed: nothing listening, no route, unknown host.</summary>
    Unreachable,

    /// <summary>TCP connect and TLS handshake did not finish within the dial timeout.</summary>
    TimedOut,

    /// <summary>The server's certificate does not chain to the identity's cluster CA, or does not name the Auth Service.</summary>
    UntrustedServer,

    /// <summary>Our identity is expired or not yet valid, so we did not dial.</summary>
    CredentialsInvalid,

    /// <summary>The server closed the connection during the handshakes, as the Auth Service does with a client certificate it rejects.</summary>
    ClientCertificateRejected,

    /// <summary>The TLS handshake failed for another reason, or HTTP/2 was not agreed.</summary>
    HandshakeFailed,

    /// <summary>An established connection broke while a call was using it (e.g. a watch stream).</summary>
    ConnectionLost,
}
