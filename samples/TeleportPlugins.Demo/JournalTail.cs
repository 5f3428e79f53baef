using System.Collections.Concurrent;
using System.Text.Json;

namespace TeleportPlugins.Demo;

/// <summary>Follows the sample adapter's JSON-lines file and shows each step as it lands.</summary>
internal sealed class JournalTail : IDisposable
{
    private readonly string _path;
    private readonly TextWriter _output;
    private readonly ConcurrentDictionary<(string Id, string Step), bool> _seen = new();
    private long _offset;

    public JournalTail(string path, TextWriter output)
    {
        _path = path;
        _output = output;
    }

    public async Task WaitForAsync(string requestId, string step, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_seen.ContainsKey((requestId, step)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the adapter did not record '{step}' for request {requestId} within {limit.TotalSeconds:0} s");
            }

            ReadNewLines();
            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose() => ReadNewLines();

    private void ReadNewLines()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(_offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - _offset];
        stream.ReadExactly(buffer);
        // Only complete lines: the adapter may be half-way through writing the last one.
        var complete = Array.LastIndexOf(buffer, (byte)'\n') + 1;
        _offset += complete;
        foreach (var line in System.Text.Encoding.UTF8.GetString(buffer, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Show(line);
        }
    }

    private void Show(string line)
    {
        using var record = JsonDocument.Parse(line);
        var root = record.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var step = root.GetProperty("step").GetString()!;
        _seen[(id, step)] = true;
        var detail = step switch
        {
            "created" => $"{root.GetProperty("user").GetString()} wants {string.Join(", ", root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()))}: PENDING",
            "reviewed" => $"{root.GetProperty("author").GetString()} proposes {root.GetProperty("proposed_state").GetString()}: {root.GetProperty("reason").GetString()}",
            "resolved" => $"{root.GetProperty("resolution").GetString()} ({root.GetProperty("reason").GetString()})",
            _ => "EXPIRED",
        };
        DemoRun.Say(_output, "jsonl", $"{step,-8} …{id[^8..]} {detail}");
    }
}
