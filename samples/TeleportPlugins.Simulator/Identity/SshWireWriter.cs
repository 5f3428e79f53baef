using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace TeleportPlugins.Simulator.Identity;

/// <summary>The SSH wire encoding (RFC 4251 §5) for building public keys and certificates.</summary>
internal sealed class SshWireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public SshWireWriter String(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public SshWireWriter Bytes(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    public SshWireWriter UInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public SshWireWriter UInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>An mpint: two's-complement big-endian, so a positive number with its top bit set gets a leading zero.</summary>
    public SshWireWriter MPInt(ReadOnlySpan<byte> unsignedBigEndian) =>
        Bytes(new BigInteger(unsignedBigEndian, isUnsigned: true, isBigEndian: true).ToByteArray(isUnsigned: false, isBigEndian: true));

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
