namespace TeleportPlugins.Fakes;

/// <summary>
/// When a fake API starts limiting a route: after a number of calls still pass, a number of calls are refused.
/// Unlike <see cref="FakeApiServer.FailNext"/>, it can let the first messages of a step through and limit the next.
/// </summary>
public sealed class RateLimitPlan
{
    private readonly Lock _gate = new();
    private int _passFirst;
    private int _refuse;

    /// <summary>Plans <paramref name="refuse"/> refusals after <paramref name="passFirst"/> more calls pass.</summary>
    /// <param name="refuse">How many calls to refuse.</param>
    /// <param name="passFirst">How many calls still pass first.</param>
    public void Set(int refuse, int passFirst = 0)
    {
        lock (_gate)
        {
            (_refuse, _passFirst) = (refuse, passFirst);
        }
    }

    /// <summary>Counts one call and says whether to refuse it.</summary>
    /// <returns>Whether this call is rate-limited.</returns>
    public bool ShouldRefuse()
    {
        lock (_gate)
        {
            if (_refuse > 0 && _passFirst == 0)
            {
                _refuse--;
                return true;
            }

            _passFirst = Math.Max(0, _passFirst - 1);
            return false;
        }
    }
}
