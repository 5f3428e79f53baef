namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>Waits for the system under test to reach a state; a limit guards against hangs, never a timing assert.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing the test after <paramref name="limit"/>.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="limit">How long to wait at most.</param>
    /// <param name="progress">What to tell when the limit is reached, e.g. counts so far.</param>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan limit, Func<string>? progress = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(progress is null ? $"not reached within {limit}" : $"not reached within {limit}: {progress()}");
            }

            await Task.Delay(100);
        }
    }
}
