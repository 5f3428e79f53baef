using Google.Protobuf;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcMessageReaderTests
{
    private const int Limit = 1024;

    [Test]
    public async Task ReadAsync_TwoFramesThenEnd_YieldsBothThenNull()
    {
        var first = new PingResponse { ClusterName = "one" };
        var second = new PingRequest();
        using var body = new MemoryStream([.. GrpcFrame.Encode(first, Limit), .. GrpcFrame.Encode(second, Limit)]);
        var reader = new GrpcMessageReader(body, Limit);

        var a = await reader.ReadAsync(PingResponse.Parser, CancellationToken.None);
        var b = await reader.ReadAsync(PingRequest.Parser, CancellationToken.None);
        var end = await reader.ReadAsync(PingRequest.Parser, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(first));
            Assert.That(b, Is.EqualTo(second), "a zero-length message is a valid empty message");
            Assert.That(end, Is.Null);
        });
    }

    [Test]
    public void ReadAsync_CompressedFlag_IsRefusedAsInternal()
    {
        byte[] frame = [.. GrpcFrame.Encode(new PingResponse { ClusterName = "c" }, Limit)];
        frame[0] = 1;
        var reader = new GrpcMessageReader(new MemoryStream(frame), Limit);

        var error = Assert.ThrowsAsync<GrpcCallException>(async () => await reader.ReadAsync(PingResponse.Parser, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
            Assert.That(error.Detail, Does.Contain("compressed"));
        });
    }

    [Test]
    public void ReadAsync_LengthOverLimit_ThrowsResourceExhaustedWithoutReadingTheBody()
    {
        byte[] frame = [0, 0x40, 0, 0, 0, .. new byte[64]]; // claims 1 GiB
        using var body = new MemoryStream(frame);
        var reader = new GrpcMessageReader(body, Limit);

        var error = Assert.ThrowsAsync<GrpcCallException>(async () => await reader.ReadAsync(PingResponse.Parser, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
            Assert.That(body.Position, Is.EqualTo(GrpcFrame.HeaderLength), "only the header was read");
        });
    }

    [TestCase(new byte[] { 0, 0, 0 }, TestName = "ReadAsync_EndInsideHeader_ThrowsInternal")]
    [TestCase(new byte[] { 0, 0, 0, 0, 9, 0x0A, 0x01 }, TestName = "ReadAsync_EndInsideBody_ThrowsInternal")]
    [TestCase(new byte[] { 0, 0, 0, 0, 2, 0x0A, 0x05 }, TestName = "ReadAsync_UnparsableBody_ThrowsInternal")]
    public void ReadAsync_BrokenFrame_ThrowsInternal(byte[] frame)
    {
        var reader = new GrpcMessageReader(new MemoryStream(frame), Limit);

        var error = Assert.ThrowsAsync<GrpcCallException>(async () => await reader.ReadAsync(PingResponse.Parser, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
    }

    [Test]
    public void Encode_MessageOverLimit_ThrowsResourceExhausted()
    {
        var message = new PingResponse { ClusterName = new string('x', Limit) };

        var error = Assert.Throws<GrpcCallException>(() => GrpcFrame.Encode(message, Limit));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
    }

    [Test]
    public void Encode_Message_WritesFlagAndBigEndianLength()
    {
        var message = new PingResponse { ClusterName = new string('x', 300) };

        var frame = GrpcFrame.Encode(message, Limit);

        Assert.That(frame, Is.EqualTo(new byte[] { 0, 0, 0, 0x01, 0x2F }.Concat(message.ToByteArray())));
    }
}
