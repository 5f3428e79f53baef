namespace TeleportPlugins.Host.Routing;

/// <summary>
/// Teleport's refusal of a permission the routing needs: said once until a call works again, and (for callers that
/// should not ask again meanwhile) remembered for a while.
/// </summary>
internal sealed class PermissionRefusal(TimeProvider time, TimeSpan remembered)
{
    private int _said;
    private long _refusedUntil = long.MinValue;

    /// <summary>Whether Teleport refused within the last <c>remembered</c>.</summary>
    public bool IsRemembered => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _refusedUntil);

    /// <summary>Records a refusal.</summary>
    /// <returns>Whether it is the first since the permission last worked, so it must be said.</returns>
    public bool Refused()
    {
        Interlocked.Exchange(ref _refusedUntil, (time.GetUtcNow() + remembered).UtcTicks);
        return Interlocked.Exchange(ref _said, 1) == 0;
    }

    /// <summary>Records that a call needing the permission worked.</summary>
    public void Granted()
    {
        Interlocked.Exchange(ref _said, 0);
        Interlocked.Exchange(ref _refusedUntil, long.MinValue);
    }
}
