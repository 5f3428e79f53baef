using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Fakes;

/// <summary>
/// One tool's fake, counted, plus how to point its adapter at it: the adapter's TOML section and the annotations a request
/// needs for the adapter to route it (e.g. PagerDuty's service). Every request of a run gets the union of all tools'
/// annotations; each tool's configuration sends each request to exactly one recipient, so each request must end with
/// exactly one root object per tool.
/// </summary>
public interface ILoadTool : IAsyncDisposable
{
    /// <summary>The adapter's name (its folder under artifacts/adapters/ and its TOML section).</summary>
    string Adapter { get; }

    /// <summary>The fake.</summary>
    FakeApiServer Server { get; }

    /// <summary>The adapter's TOML section(s), pointing at <see cref="Server"/>.</summary>
    string ConfigSection { get; }

    /// <summary>Annotations every load request carries for this tool (may be empty).</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> RequestAnnotations { get; }
}
