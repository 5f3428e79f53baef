using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport.Protos;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

/// <summary>
/// A stand-in for the Auth Service's TLS listener: real Kestrel, HTTP/2 only, on 127.0.0.1, verifying client
/// certificates against a user CA during the handshake as Teleport does. It answers two RPCs in gRPC's framing:
/// Ping (the cluster name is the client certificate's CN) and WatchEvents (one INIT event; the stream breaks at
/// <see cref="DropWatches"/>).
/// </summary>
internal sealed class TestAuthServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TaskCompletionSource drop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestAuthServer(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    /// <summary>The SNI of every TLS handshake, in order.</summary>
    public ConcurrentQueue<string> ServerNames { get; } = new();

    /// <summary>The subject CN of every client certificate presented, with whether it was accepted.</summary>
    public ConcurrentQueue<(string Subject, bool Accepted)> ClientCertificates { get; } = new();

    /// <summary>Every RPC received: its path, HTTP protocol, scheme, client CN and grpc-timeout header.</summary>
    public ConcurrentQueue<(string Path, string Protocol, string Scheme, string? Client, string? Timeout)> Calls { get; } = new();

    /// <summary>When set, the next RPC is answered and then the connection is closed (GOAWAY).</summary>
    public bool CloseAfterNextCall { get; set; }


    /// <param name="hangPing">Ping never answers.</param>
    public static async Task<TestAuthServer> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 userCa, bool hangPing = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestAuthServer? server = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The host does TLS in its connect callback, so requests arrive with :scheme http inside TLS.
            kestrel.AllowAlternateSchemes = true;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context =>
                    {
                        server!.ServerNames.Enqueue(context.ClientHelloInfo.ServerName);
                        return ValueTask.FromResult(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = serverCertificate,
                            ApplicationProtocols = [SslApplicationProtocol.Http2],
                            ClientCertificateRequired = true,
                            RemoteCertificateValidationCallback = (_, certificate, _, _) => server!.AcceptClient(certificate, userCa),
                        });
                    },
                });
            });
        });

        var app = builder.Build();
        server = new TestAuthServer(app);
        app.MapPost("/proto.AuthService/Ping", async (HttpContext context) =>
        {
            var client = server.Record(context);
            if (hangPing)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            await WriteMessageAsync(context, new PingResponse { ClusterName = client ?? string.Empty, ServerVersion = "17.4.2" });
            context.Response.AppendTrailer("grpc-status", "0");
        });
        app.MapPost("/proto.AuthService/WatchEvents", async (HttpContext context) =>
        {
            server.Record(context);
            await WriteMessageAsync(context, new Event { Type = Operation.Init });
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await server.drop.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        await app.StartAsync();
        server.Port = new Uri(app.Urls.Single()).Port;
        return server;
    }

    /// <summary>Breaks every watch stream (RST_STREAM), as a crashing server or a proxy cutting idle streams would.</summary>
    public void DropWatches() => drop.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // gRPC's length-prefixed message (uncompressed); no gRPC server library here, and these two answers need no more.
    private static async Task WriteMessageAsync(HttpContext context, IMessage message)
    {
        context.Response.ContentType = "application/grpc";
        var body = message.ToByteArray();
        var prefix = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1), body.Length);
        await context.Response.Body.WriteAsync(prefix, context.RequestAborted);
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private string? Record(HttpContext context)
    {
        var client = context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        Calls.Enqueue((context.Request.Path, context.Request.Protocol, context.Request.Scheme, client, context.Request.Headers["grpc-timeout"].FirstOrDefault()));
        if (CloseAfterNextCall)
        {
            CloseAfterNextCall = false;
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        return client;
    }

    private bool AcceptClient(X509Certificate? certificate, X509Certificate2 userCa)
    {
        if (certificate is not X509Certificate2 client)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(userCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var accepted = chain.Build(client);
        ClientCertificates.Enqueue((client.GetNameInfo(X509NameType.SimpleName, forIssuer: false), accepted));
        return accepted;
    }
}
