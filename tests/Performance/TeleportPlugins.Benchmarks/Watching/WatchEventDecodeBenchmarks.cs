using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos;

namespace TeleportPlugins.Benchmarks.Watching;

/// <summary>
/// One access request watch event off the wire: protobuf parsing alone, and parsing plus the host's conversion into
/// the contract snapshot adapters receive (what the client does for every PUT event).
/// </summary>
[MemoryDiagnoser]
public class WatchEventDecodeBenchmarks
{
    private byte[] _bytes = [];

    /// <summary>The event's wire bytes, for the correctness tests.</summary>
    internal ReadOnlySpan<byte> EventBytes => _bytes;

    /// <summary>Serializes the sample event once.</summary>
    [GlobalSetup]
    public void Setup() => _bytes = SampleWatchEvent.Create().ToByteArray();

    /// <summary>The generated parser on the event's bytes.</summary>
    /// <returns>The event.</returns>
    [Benchmark]
    public IMessage ParseEvent() => Event.Parser.ParseFrom(_bytes);

    /// <summary>Parsing and the host's own conversion into the immutable snapshot.</summary>
    /// <returns>The snapshot.</returns>
    [Benchmark]
    public AccessRequestSnapshot ParseAndConvertToSnapshot() =>
        AccessRequestMapper.ToSnapshot(Event.Parser.ParseFrom(_bytes).AccessRequest, SampleWatchEvent.Cluster);
}
