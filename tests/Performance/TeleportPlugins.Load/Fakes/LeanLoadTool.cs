using System.Collections.ObjectModel;

namespace TeleportPlugins.Load.Fakes;

/// <summary>What every lean tool shares: its fake (named after the adapter), no request annotations unless the tool routes by them, disposal.</summary>
/// <param name="server">The started fake.</param>
internal abstract class LeanLoadTool(LeanApiServer server) : ILoadTool
{
    /// <inheritdoc />
    public string Adapter => Server.Tool;

    /// <inheritdoc />
    public LeanApiServer Server { get; } = server;

    /// <inheritdoc />
    public abstract string ConfigSection { get; }

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations => ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
