using System.Net;
using System.Net.Http.Headers;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Builds the HTTP/2 request of a gRPC call and checks user metadata against the headers gRPC owns.</summary>
internal static class GrpcRequestMessage
{
    private const string UserAgent = "teleport-plugins-grpc/1";

    // Headers the protocol or HTTP/2 itself controls; user metadata must not set or duplicate them.
    private static readonly HashSet<string> ReservedKeys = new(StringComparer.Ordinal)
    {
        "content-type", "te", "user-agent", "host", "connection", "keep-alive", "proxy-connection",
        "transfer-encoding", "upgrade", "content-length", "content-encoding",
    };

    /// <summary>Throws when a metadata key or value cannot be sent as given.</summary>
    /// <exception cref="ArgumentException">The first invalid entry, named.</exception>
    public static void ValidateMetadata(IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key) || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                throw new ArgumentException($"metadata key '{key}' must be lower-case ASCII letters, digits, '-', '_' or '.'", nameof(metadata));
            }

            if (key.StartsWith("grpc-", StringComparison.Ordinal) || ReservedKeys.Contains(key))
            {
                throw new ArgumentException($"metadata key '{key}' is reserved by the gRPC protocol", nameof(metadata));
            }

            // Binary (-bin) values are base64 already; text values must be printable ASCII to survive as a header.
            if (value is null || !value.All(c => c is >= ' ' and <= '~'))
            {
                throw new ArgumentException($"metadata value of '{key}' must be printable ASCII", nameof(metadata));
            }
        }
    }

    /// <summary>A POST of one framed message, HTTP/2 only, with the gRPC headers and the caller's metadata.</summary>
    public static HttpRequestMessage Create(
        Uri uri,
        byte[] framedMessage,
        TimeSpan? timeout,
        IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var content = new ByteArrayContent(framedMessage);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            // Per request: a hand-made request does not take the client's default version.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("user-agent", UserAgent);

        // We never decompress, so we say so and a conforming server never compresses.
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        if (timeout is { } value)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeoutHeader.Format(value));
        }

        foreach (var (key, headerValue) in metadata)
        {
            request.Headers.TryAddWithoutValidation(key, headerValue);
        }

        return request;
    }
}
