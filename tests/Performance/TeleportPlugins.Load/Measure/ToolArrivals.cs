using TeleportPlugins.Fakes;

namespace TeleportPlugins.Load.Measure;

/// <summary>One tool's accepted calls, told by its fake, counted in the run's <see cref="ArrivalLog"/>.</summary>
/// <param name="log">The run's log.</param>
/// <param name="tool">The tool's name as in <paramref name="log"/>.</param>
internal sealed class ToolArrivals(ArrivalLog log, string tool) : ICallObserver
{
    private readonly int _tool = log.IndexOf(tool);

    /// <inheritdoc />
    public bool Recording => log.Recording;

    /// <inheritdoc />
    public void Accepted(CallKind kind, string body)
    {
        if (kind == CallKind.Read)
        {
            log.AcceptedRead(_tool);
        }
        else
        {
            log.Accepted(_tool, kind, body);
        }
    }
}
