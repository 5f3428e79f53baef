using System.Globalization;
using System.Net.Sockets;
using System.Text;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>
/// Connects, reads the greeting, sends EHLO and QUIT. System.Net.Mail has no connect-only call, so this is the health
/// check, and it is how the opportunistic STARTTLS policy learns whether the server offers STARTTLS.
/// </summary>
internal static class SmtpGreetingProbe
{
    /// <summary>Greets the server.</summary>
    /// <param name="host">The server.</param>
    /// <param name="port">The port.</param>
    /// <param name="cancellationToken">Cancels the probe (the caller bounds it with a timeout).</param>
    /// <returns>The greeting.</returns>
    /// <exception cref="TransientAdapterException">The server cannot be reached or answered with a 4xx code.</exception>
    /// <exception cref="PermanentAdapterException">The server answered with a 5xx code or not like an SMTP server.</exception>
    public static async Task<SmtpGreeting> GreetAsync(string host, int port, CancellationToken cancellationToken)
    {
        var server = $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, cancellationToken);
            await using var stream = tcp.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            await using var writer = new StreamWriter(stream, Encoding.ASCII, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };

            var (code, banner) = await ReadReplyAsync(reader, server, cancellationToken);
            ThrowUnless(220, code, banner, server, "greeting");
            await writer.WriteLineAsync("EHLO " + ClientName());
            var (ehloCode, ehlo) = await ReadReplyAsync(reader, server, cancellationToken);
            ThrowUnless(250, ehloCode, ehlo.FirstOrDefault() ?? string.Empty, server, "EHLO");
            await writer.WriteLineAsync("QUIT");
            return new SmtpGreeting(banner.FirstOrDefault() ?? string.Empty, [.. ehlo.Skip(1)]);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new TransientAdapterException($"cannot reach the SMTP server {server}: {e.Message}", e);
        }
    }

    private static string ClientName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (SocketException)
        {
            return "localhost";
        }
    }

    private static void ThrowUnless(int expected, int code, IEnumerable<string> lines, string server, string step) =>
        ThrowUnless(expected, code, string.Join(' ', lines), server, step);

    private static void ThrowUnless(int expected, int code, string text, string server, string step)
    {
        if (code == expected)
        {
            return;
        }

        var message = $"the SMTP server {server} answered the {step} with {code.ToString(CultureInfo.InvariantCulture)} {text}";
        throw code is >= 400 and < 500 ? new TransientAdapterException(message) : new PermanentAdapterException(message);
    }

    // A reply is one or more lines "NNN-text" ending with "NNN text" (RFC 5321 §4.2).
    private static async Task<(int Code, List<string> Lines)> ReadReplyAsync(StreamReader reader, string server, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken)
                ?? throw new TransientAdapterException($"the SMTP server {server} closed the connection");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new PermanentAdapterException($"{server} does not answer like an SMTP server");
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return (code, lines);
            }
        }
    }
}
