namespace TeleportPlugins.Fakes;

/// <summary>Told of every call a fake accepted (answered 2xx without refusing), for the load tool's arrival bookkeeping.</summary>
public interface ICallObserver
{
    /// <summary>Whether calls are being counted now (the fake keeps its replay samples only then).</summary>
    bool Recording { get; }

    /// <summary>One accepted call.</summary>
    /// <param name="kind">What it did in the tool.</param>
    /// <param name="body">Its body (markers in it say which request and event it carried).</param>
    void Accepted(CallKind kind, string body);
}
