using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

/// <summary>
/// A stand-in for the Proxy's TLS routing: it reads the ClientHello without terminating TLS, records its SNI and ALPN
/// list, and, as Teleport does for <c>teleport-auth@…</c> in the first ALPN entry, forwards the raw TLS stream to the
/// Auth Service (a <see cref="TestAuthServer"/>). Connections with another first entry are closed.
/// </summary>
internal sealed class TlsRoutingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly int backendPort;
    private readonly Task accepting;

    public TlsRoutingProxy(int backendPort)
    {
        this.backendPort = backendPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The SNI and ALPN list of every ClientHello seen, in order.</summary>
    public ConcurrentQueue<(string? ServerName, IReadOnlyList<string> ApplicationProtocols)> ClientHellos { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ForwardAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                // One TLS record: 5-byte header, then the ClientHello (small enough for one record).
                var header = new byte[5];
                await stream.ReadExactlyAsync(header, stop.Token);
                var record = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
                await stream.ReadExactlyAsync(record, stop.Token);
                var hello = ParseClientHello(record);
                ClientHellos.Enqueue(hello);
                if (hello.ApplicationProtocols.Count == 0 || !hello.ApplicationProtocols[0].StartsWith("teleport-auth@", StringComparison.Ordinal))
                {
                    return;
                }

                using var backend = new TcpClient();
                await backend.ConnectAsync(IPAddress.Loopback, backendPort, stop.Token);
                var backendStream = backend.GetStream();
                await backendStream.WriteAsync(header, stop.Token);
                await backendStream.WriteAsync(record, stop.Token);
                await Task.WhenAny(stream.CopyToAsync(backendStream, stop.Token), backendStream.CopyToAsync(stream, stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A peer went away; nothing to forward any more.
            }
        }
    }

    // RFC 8446 §4.1.2 ClientHello; extensions 0 (server_name, RFC 6066) and 16 (ALPN, RFC 7301).
    private static (string? ServerName, IReadOnlyList<string> ApplicationProtocols) ParseClientHello(byte[] message)
    {
        var data = message.AsSpan();
        var p = 4 + 2 + 32;                 // handshake type and length, legacy_version, random
        p += 1 + data[p];                   // legacy_session_id
        p += 2 + ReadUInt16(data, p);       // cipher_suites
        p += 1 + data[p];                   // legacy_compression_methods
        var end = p + 2 + ReadUInt16(data, p);
        p += 2;
        string? serverName = null;
        var protocols = new List<string>();
        while (p < end)
        {
            var type = ReadUInt16(data, p);
            var length = ReadUInt16(data, p + 2);
            var body = data.Slice(p + 4, length);
            if (type == 0)
            {
                // server_name_list: list length, name_type (0 = host_name), name length, name.
                serverName = Encoding.ASCII.GetString(body.Slice(5, ReadUInt16(body, 3)));
            }
            else if (type == 16)
            {
                for (var q = 2; q < 2 + ReadUInt16(body, 0); q += 1 + body[q])
                {
                    protocols.Add(Encoding.ASCII.GetString(body.Slice(q + 1, body[q])));
                }
            }

            p += 4 + length;
        }

        return (serverName, protocols);
    }

    private static int ReadUInt16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
}
