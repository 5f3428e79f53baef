namespace TeleportPlugins.Host.Watching;

/// <summary>
/// The reconcile after one INIT while its listing is read and handed on, page by page, next to the live events of the
/// same stream: when the INIT arrived (to tell requests created since), whether the listing was handed on in full, and
/// the deletes of requests the listing has not reached yet.
/// </summary>
/// <param name="initAt">When the INIT arrived, on the host's clock.</param>
internal sealed class ListingRound(DateTimeOffset initAt)
{
    private volatile bool _done;
    private volatile Exception? _failure;

    /// <summary>When the INIT arrived, on the host's clock.</summary>
    public DateTimeOffset InitAt { get; } = initAt;

    /// <summary>Whether every page was handed on.</summary>
    public bool Done => _done;

    /// <summary>Why reading the listing failed, if it did.</summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// Requests whose DELETE arrived while unknown: a page read before the delete may still carry them, and must hand them
    /// on as deleted. Guarded by the watcher's handling lock; dropped with the round.
    /// </summary>
    public HashSet<string> DeletedMeanwhile { get; } = new(StringComparer.Ordinal);

    /// <summary>The task handing on the pages after the first.</summary>
    public Task Rest { get; set; } = Task.CompletedTask;

    /// <summary>Records that every page was handed on.</summary>
    public void Complete() => _done = true;

    /// <summary>Records why the listing failed.</summary>
    /// <param name="failure">The failure.</param>
    public void Fail(Exception failure) => _failure = failure;
}
