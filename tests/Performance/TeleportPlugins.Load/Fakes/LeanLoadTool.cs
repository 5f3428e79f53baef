namespace TeleportPlugins.Load.Fakes;

/// <summary>What every lean load tool shares: its fake, named after its adapter, and no request annotations unless it needs some.</summary>
public abstract class LeanLoadTool : ILoadTool
{
    /// <summary>Wraps a started fake.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="server">The fake, started for that name.</param>
    protected LeanLoadTool(string adapter, LeanApiServer server)
    {
        Adapter = adapter;
        Server = server;
    }

    /// <summary>Wraps a started fake, named after its adapter.</summary>
    /// <param name="server">The fake.</param>
    protected LeanLoadTool(LeanApiServer server)
        : this((server ?? throw new ArgumentNullException(nameof(server))).Tool, server)
    {
    }

    /// <inheritdoc />
    public string Adapter { get; }

    /// <inheritdoc />
    public LeanApiServer Server { get; }

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
