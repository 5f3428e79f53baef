using Google.Protobuf;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>One RPC: its HTTP/2 path and how to parse the messages that cross it.</summary>
internal sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <summary>Describes the RPC at <paramref name="fullPath"/>, e.g. <c>/proto.AuthService/Ping</c>.</summary>
    public GrpcMethod(string fullPath, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var slash = fullPath.LastIndexOf('/');
        if (!fullPath.StartsWith('/') || slash <= 1 || slash == fullPath.Length - 1)
        {
            throw new ArgumentException($"'{fullPath}' is not a gRPC path of the form /package.Service/Method", nameof(fullPath));
        }

        FullPath = fullPath;
        RequestParser = requestParser ?? throw new ArgumentNullException(nameof(requestParser));
        ResponseParser = responseParser ?? throw new ArgumentNullException(nameof(responseParser));
    }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/package.Service/Method</c>.</summary>
    public string FullPath { get; }

    /// <summary>Parses requests; what a server side (the simulator) needs.</summary>
    public MessageParser<TRequest> RequestParser { get; }

    /// <summary>Parses responses.</summary>
    public MessageParser<TResponse> ResponseParser { get; }

    /// <inheritdoc />
    public override string ToString() => FullPath;
}
