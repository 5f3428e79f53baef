using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes;

/// <summary>What every load tool shares: its adapter's name, the tool's fake, and no request annotations unless it needs some.</summary>
public abstract class LoadTool : ILoadTool
{
    /// <summary>Wraps a started fake.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="server">The fake, started for that name.</param>
    protected LoadTool(string adapter, FakeApiServer server)
    {
        Adapter = adapter;
        Server = server;
    }

    /// <inheritdoc />
    public string Adapter { get; }

    /// <inheritdoc />
    public FakeApiServer Server { get; }

    /// <inheritdoc />
    public abstract string ConfigSection { get; }

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations { get; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Server.DisposeAsync();
    }
}
