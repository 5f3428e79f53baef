using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests;

public sealed class LookupReadsTests
{
    private PauseRecorder _time = null!;

    [SetUp]
    public void NewClock() => _time = new PauseRecorder();

    [Test]
    public async Task RetryAsync_TransientFailuresThenAnswer_WaitsTheirRetryAfterOrTheBackoff_AndAnswers()
    {
        var failures = new Queue<Exception>([new TransientAdapterException("503"), new TransientAdapterException("503"), new TransientAdapterException("429", TimeSpan.FromSeconds(3))]);
        var calls = 0;

        var page = await LookupReads.RetryAsync(() => ++calls <= 3 ? Task.FromException<string>(failures.Dequeue()) : Task.FromResult("page"), _time, CancellationToken.None);

        Assert.That(page, Is.EqualTo("page"));
        Assert.That(calls, Is.EqualTo(4));
        Assert.That(_time.Pauses, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3) }));
    }

    [Test]
    public void RetryAsync_TransientEveryTime_FailsAfterFiveTries()
    {
        var calls = 0;

        Assert.ThrowsAsync<TransientAdapterException>(() => LookupReads.RetryAsync<string>(() => { calls++; throw new TransientAdapterException("503"); }, _time, CancellationToken.None));
        Assert.That(calls, Is.EqualTo(LookupReads.Attempts));
    }

    [Test]
    public void RetryAsync_PermanentOrLongRetryAfter_FailsAtOnce()
    {
        var calls = 0;

        Assert.ThrowsAsync<PermanentAdapterException>(() => LookupReads.RetryAsync<string>(() => { calls++; throw new PermanentAdapterException("403 missing_scope"); }, _time, CancellationToken.None));
        Assert.ThrowsAsync<TransientAdapterException>(() => LookupReads.RetryAsync<string>(() => { calls++; throw new TransientAdapterException("429", TimeSpan.FromMinutes(1)); }, _time, CancellationToken.None));
        Assert.That(calls, Is.EqualTo(2), "the host reschedules a step the tool asked to wait long for");
        Assert.That(_time.Pauses, Is.Empty);
    }

    /// <summary>A clock whose timers fire at once, noting how long each was asked to wait.</summary>
    private sealed class PauseRecorder : TimeProvider
    {
        private readonly List<TimeSpan> _pauses = [];

        public IReadOnlyList<TimeSpan> Pauses
        {
            get
            {
                lock (_pauses)
                {
                    return [.. _pauses];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_pauses)
            {
                _pauses.Add(dueTime);
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}
