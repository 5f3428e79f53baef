using System.Buffers.Binary;
using Google.Protobuf;

namespace TeleportPlugins.Simulator.Grpc;

/// <summary>gRPC's length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length, the message.</summary>
internal static class GrpcFraming
{
    /// <summary>grpc-go's default receive limit, which the Auth Service keeps.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    private const int HeaderSize = 5;

    /// <summary>Reads the single request message of a unary or server-streaming call.</summary>
    public static async Task<T> ReadRequestAsync<T>(Stream body, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var header = new byte[HeaderSize];
        var read = await body.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken);
        if (read < HeaderSize)
        {
            throw new SimulatorException(SimulatorStatusCode.Internal, "grpc: received no request message");
        }

        if (header[0] != 0)
        {
            // Teleport registers no compressor for these RPCs.
            throw new SimulatorException(SimulatorStatusCode.Unimplemented, "grpc: compressed messages are not supported");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxMessageSize)
        {
            throw new SimulatorException(
                SimulatorStatusCode.ResourceExhausted, $"grpc: received message larger than max ({length} vs. {MaxMessageSize})");
        }

        var payload = new byte[length];
        await body.ReadExactlyAsync(payload, cancellationToken);
        if (await body.ReadAsync(new byte[1], cancellationToken) != 0)
        {
            throw new SimulatorException(SimulatorStatusCode.Internal, "grpc: received more than one request message");
        }

        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SimulatorException(SimulatorStatusCode.Internal, "grpc: error unmarshalling request: " + e.Message);
        }
    }

    /// <summary>Writes one message and flushes it, so a stream's consumer sees each event as it is committed.</summary>
    public static async Task WriteMessageAsync(Stream body, IMessage message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        await body.WriteAsync(frame, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
