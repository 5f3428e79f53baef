using System.Security.Authentication;

namespace TeleportPlugins.Host.Teleport.Dialing;

/// <summary>
/// Wraps a connection's TLS stream until the server's first byte arrives. With TLS 1.3 the server checks our client
/// certificate after our side of the handshake has finished, so a rejection shows up only as the connection ending
/// (EOF, reset, alert) before the server sent anything; this stream reports that as a rejected client certificate
/// instead of SocketsHttpHandler's "the server did not complete the HTTP/2 handshake", whose exact exception shape
/// also varies with which of its reads and writes notices first.
/// </summary>
internal sealed class RejectionDetectingStream : Stream
{
    private readonly Stream inner;
    private readonly Func<Exception?, TeleportConnectionException> rejected;
    private volatile bool serverSpoke;

    public RejectionDetectingStream(Stream inner, Func<Exception?, TeleportConnectionException> rejected)
    {
        this.inner = inner;
        this.rejected = rejected;
    }

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (serverSpoke)
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }

        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (IsConnectionEnd(e, cancellationToken))
        {
            throw rejected(e);
        }

        if (read > 0)
        {
            serverSpoke = true;
        }
        else if (buffer.Length > 0)
        {
            throw rejected(null);
        }

        // A zero-byte read (SocketsHttpHandler's way of waiting for data) says nothing yet.
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (!serverSpoke && IsConnectionEnd(e, cancellationToken))
        {
            throw rejected(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // ObjectDisposedException counts too: when the write notices first, the handler disposes the connection and the
    // pending read reports that instead of the cause.
    private static bool IsConnectionEnd(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is IOException or AuthenticationException or ObjectDisposedException;
}
