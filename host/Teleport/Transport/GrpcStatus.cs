using System.Globalization;
using System.Net.Http.Headers;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>A call's outcome as the server reported it in <c>grpc-status</c> and <c>grpc-message</c>.</summary>
internal readonly record struct GrpcStatus(GrpcStatusCode Code, string Detail)
{
    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";

    /// <summary>The status in <paramref name="headers"/> (trailers, or the headers of a trailers-only response), if any.</summary>
    public static GrpcStatus? FromHeaders(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(StatusHeader, out var statusValues))
        {
            return null;
        }

        var detail = headers.NonValidated.TryGetValues(MessageHeader, out var messageValues)
            ? DecodeMessage(messageValues.ToString())
            : string.Empty;
        var text = statusValues.ToString().Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new GrpcStatus(GrpcStatusCode.Internal, $"malformed grpc-status '{text}' (grpc-message: {detail})");
        }

        // The spec maps status numbers a client does not know to UNKNOWN.
        var code = number <= (int)GrpcStatusCode.Unauthenticated ? (GrpcStatusCode)number : GrpcStatusCode.Unknown;
        return new GrpcStatus(code, detail);
    }

    /// <summary>
    /// grpc-message is percent-encoded UTF-8. Malformed escapes are kept as they are rather than failing the call:
    /// the message is for people, the code is what programs act on.
    /// </summary>
    public static string DecodeMessage(string encoded) => Uri.UnescapeDataString(encoded);
}
