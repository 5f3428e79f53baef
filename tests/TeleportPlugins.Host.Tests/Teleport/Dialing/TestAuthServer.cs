using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace TeleportPlugins.Host.Tests.Teleport.Dialing;

/// <summary>
/// A stand-in for the Auth Service's TLS listener: real Kestrel, HTTP/2 only, on 127.0.0.1, verifying client
/// certificates against a user CA during the handshake as Teleport does. POST /echo answers
/// "&lt;protocol&gt; &lt;scheme&gt; &lt;client CN&gt; &lt;body&gt;"; with ?close=1 the server then ends the connection (GOAWAY).
/// </summary>
internal sealed class TestAuthServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestAuthServer(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    /// <summary>The SNI of every TLS handshake, in order.</summary>
    public ConcurrentQueue<string> ServerNames { get; } = new();

    /// <summary>The subject CN of every client certificate presented, with whether it was accepted.</summary>
    public ConcurrentQueue<(string Subject, bool Accepted)> ClientCertificates { get; } = new();

    public static async Task<TestAuthServer> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 userCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestAuthServer? server = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Through TLS routing, requests arrive as HTTP/2 prior knowledge with :scheme http inside TLS.
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
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var client = context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (context.Request.Query.ContainsKey("close"))
            {
                context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
            }

            return $"{context.Request.Protocol} {context.Request.Scheme} {client} {body}";
        });
        await app.StartAsync();
        server.Port = new Uri(app.Urls.Single()).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
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
