namespace TeleportPlugins.Host.Teleport.Transport;

/// <summary>Limits and HTTP/2 connection settings of the gRPC transport.</summary>
internal sealed class GrpcTransportOptions
{
    /// <summary>4 MiB: grpc-go's default on both sides, so also what Teleport's server accepts and its client expects.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Teleport's Auth Service enforces a minimum ping interval of one minute and answers faster pings with
    /// GOAWAY ENHANCE_YOUR_CALM "too_many_pings", dropping every call on the connection.
    /// </summary>
    public static readonly TimeSpan MinimumKeepAlivePingDelay = TimeSpan.FromMinutes(1);

    /// <summary>Largest request message this client sends; larger ones fail with ResourceExhausted before sending.</summary>
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest response message this client accepts; larger ones fail with ResourceExhausted unread.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// Idle time after which an HTTP/2 PING checks the connection; at least <see cref="MinimumKeepAlivePingDelay"/>,
    /// or <see cref="Timeout.InfiniteTimeSpan"/> for no pings. The default keeps a margin above Teleport's minimum.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a PING may stay unanswered before the connection counts as dead.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Ping only while calls are open (the watch stream keeps one open). Teleport's clients also ping idle
    /// connections, but nothing here needs an idle connection kept alive.
    /// </summary>
    public HttpKeepAlivePingPolicy KeepAlivePingPolicy { get; set; } = HttpKeepAlivePingPolicy.WithActiveRequests;

    /// <summary>Bound on establishing a connection, so a black-holed address fails with Unavailable instead of hanging.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these settings, empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxSendMessageSize <= 0)
        {
            errors.Add($"{nameof(MaxSendMessageSize)} must be positive, was {MaxSendMessageSize}");
        }

        if (MaxReceiveMessageSize <= 0)
        {
            errors.Add($"{nameof(MaxReceiveMessageSize)} must be positive, was {MaxReceiveMessageSize}");
        }

        if (KeepAlivePingDelay != Timeout.InfiniteTimeSpan && KeepAlivePingDelay < MinimumKeepAlivePingDelay)
        {
            errors.Add(
                $"{nameof(KeepAlivePingDelay)} must be at least {MinimumKeepAlivePingDelay.TotalSeconds:0} s (or infinite), " +
                $"was {KeepAlivePingDelay.TotalSeconds:0.###} s: Teleport closes connections that ping more often (too_many_pings)");
        }

        if (KeepAlivePingTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(KeepAlivePingTimeout)} must be positive, was {KeepAlivePingTimeout}");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ConnectTimeout)} must be positive, was {ConnectTimeout}");
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">The message lists every problem.</exception>
    public void ThrowIfInvalid(string paramName)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid gRPC transport settings: " + string.Join("; ", errors), paramName);
        }
    }

    /// <summary>
    /// Applies the connection settings to the handler the dialing code built, after checking them all.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public void ApplyTo(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfInvalid(nameof(handler));

        handler.KeepAlivePingDelay = KeepAlivePingDelay;
        handler.KeepAlivePingTimeout = KeepAlivePingTimeout;
        handler.KeepAlivePingPolicy = KeepAlivePingPolicy;
        handler.ConnectTimeout = ConnectTimeout;

        // A watch stream plus concurrent unary calls can reach the server's stream limit; queueing behind it would stall.
        handler.EnableMultipleHttp2Connections = true;

        // gRPC never redirects, sets cookies or goes through an HTTP proxy (h2c prior knowledge cannot).
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.UseProxy = false;
    }
}
