using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>
/// Reads length-prefixed messages one at a time from a response body, so a long stream is never buffered whole.
/// </summary>
internal sealed class GrpcMessageReader(Stream body, int maxMessageSize)
{
    private readonly byte[] header = new byte[GrpcFrame.HeaderLength];

    /// <summary>The next message, or null when the body ended cleanly between messages.</summary>
    /// <exception cref="GrpcCallException">
    /// ResourceExhausted for a message over the limit (its body is left unread); Internal for a compressed,
    /// truncated or unparsable message.
    /// </exception>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new GrpcCallException(GrpcStatusCode.Internal, "the response ended inside a message header");
        }

        if (header[0] != 0)
        {
            // We only ever accept identity encoding, so a compressed message means the server ignored that.
            throw new GrpcCallException(
                GrpcStatusCode.Internal,
                header[0] == 1
                    ? "the server sent a compressed message, but this client accepts only uncompressed (identity) messages"
                    : $"invalid message flag {header[0]}");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcCallException(
                GrpcStatusCode.ResourceExhausted,
                $"response message of {length} bytes is larger than the receive limit of {maxMessageSize} bytes");
        }

        return length == 0 ? parser.ParseFrom([]) : await ReadBodyAsync(parser, (int)length, cancellationToken);
    }

    private async ValueTask<T> ReadBodyAsync<T>(MessageParser<T> parser, int length, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = await body.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken);
            if (read < length)
            {
                throw new GrpcCallException(
                    GrpcStatusCode.Internal,
                    $"the response ended inside a message ({read} of {length} bytes)");
            }

            try
            {
                return parser.ParseFrom(buffer, 0, length);
            }
            catch (InvalidProtocolBufferException exception)
            {
                throw new GrpcCallException(
                    GrpcStatusCode.Internal,
                    $"could not parse a {typeof(T).Name} response message: {exception.Message}",
                    exception);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
