using System.Buffers.Binary;
using Google.Protobuf;

namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>gRPC's length-prefixed message: a compressed flag byte, a 4-byte big-endian length, the message.</summary>
internal static class GrpcFrame
{
    /// <summary>Flag byte plus length.</summary>
    public const int HeaderLength = 5;

    /// <summary>Frames an uncompressed message, refusing one over <paramref name="maxMessageSize"/> before serializing it.</summary>
    /// <exception cref="GrpcCallException">ResourceExhausted: the message is too large.</exception>
    public static byte[] Encode(IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcCallException(
                GrpcStatusCode.ResourceExhausted,
                $"request message of {size} bytes is larger than the send limit of {maxMessageSize} bytes");
        }

        var frame = new byte[HeaderLength + size];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }
}
