using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Reviews;

/// <summary>
/// Look-up answers kept for a minute, so a burst of clicks lists Teleport's users once; a trait changed in Teleport is
/// seen within that minute. Bounded: when full, expired answers go first, then the oldest.
/// </summary>
internal sealed class ReviewerCache(TimeProvider time, TimeSpan lifetime, int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ReviewerBinding, (ReviewerLookup Answer, DateTimeOffset Expires)> _answers = [];

    public bool TryGet(ReviewerBinding binding, out ReviewerLookup answer)
    {
        lock (_gate)
        {
            if (_answers.TryGetValue(binding, out var entry) && entry.Expires > time.GetUtcNow())
            {
                answer = entry.Answer;
                return true;
            }

            _answers.Remove(binding);
            answer = null!;
            return false;
        }
    }

    public void Set(ReviewerBinding binding, ReviewerLookup answer)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_answers.Count >= capacity && !_answers.ContainsKey(binding))
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

            _answers[binding] = (answer, now + lifetime);
        }
    }
}
