namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>A gRPC call ended with a status other than OK, reported by the server or decided locally.</summary>
internal sealed class GrpcCallException : Exception
{
    /// <summary>Creates the exception for a call that ended with <paramref name="statusCode"/>.</summary>
    public GrpcCallException(GrpcStatusCode statusCode, string detail, Exception? innerException = null)
        : base($"gRPC status {statusCode}: {detail}", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>The status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The status message: the server's decoded <c>grpc-message</c>, or what went wrong locally.</summary>
    public string Detail { get; }
}
