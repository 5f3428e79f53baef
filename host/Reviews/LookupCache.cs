namespace TeleportPlugins.Host.Reviews;

/// <summary>
/// Answers from Teleport's users kept for a short while, so a burst of clicks (approve-from-tool's reviewer look-up) or
/// of steps (routing's requester traits) asks Teleport once; a trait changed in Teleport is seen within the lifetime.
/// Bounded: when full, expired answers go first, then the oldest.
/// </summary>
/// <typeparam name="TKey">What is looked up.</typeparam>
/// <typeparam name="TAnswer">The answer kept.</typeparam>
internal sealed class LookupCache<TKey, TAnswer>(TimeProvider time, TimeSpan lifetime, int capacity)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, (TAnswer Answer, DateTimeOffset Expires)> _answers = [];

    public bool TryGet(TKey key, out TAnswer answer)
    {
        lock (_gate)
        {
            if (_answers.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
            {
                answer = entry.Answer;
                return true;
            }

            _answers.Remove(key);
            answer = default!;
            return false;
        }
    }

    public void Set(TKey key, TAnswer answer)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_answers.Count >= capacity && !_answers.ContainsKey(key))
            {
                foreach (var expired in _answers.Where(a => a.Value.Expires <= now).Select(a => a.Key).ToList())
                {
                    _answers.Remove(expired);
                }

                if (_answers.Count >= capacity)
                {
                    _answers.Remove(_answers.MinBy(a => a.Value.Expires).Key);
                }
            }

            _answers[key] = (answer, now + lifetime);
        }
    }
}
