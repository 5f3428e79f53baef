using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Common.Tests.Messaging;

public sealed class DeferredItemsTests
{
    [Test]
    public void ThrowIfAny_ThreeDeferredWithDifferentRetryAfter_OneTransientFailureAskingForTheLeast()
    {
        var deferred = new DeferredItems();
        deferred.Add("C1", new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromSeconds(5)));
        deferred.Add("C2", new TransientAdapterException("cannot reach Slack chat.postMessage: connection refused"));
        deferred.Add("C3", new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromSeconds(2)));

        var error = Assert.Throws<TransientAdapterException>(deferred.ThrowIfAny);

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(error.Message, Does.StartWith("Slack chat.postMessage failed with HTTP 429").And.Contain("2 more item(s)"));
    }

    [Test]
    public void ThrowIfAny_OneItemLostItsAnswer_ThatCausePassedOnSoTheRetryLooksInTheTool()
    {
        var deferred = new DeferredItems();
        var cut = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        deferred.Add("C1", new TransientAdapterException("Slack chat.postMessage failed with HTTP 429", TimeSpan.FromSeconds(5)));
        deferred.Add("C2", new TransientAdapterException("cannot reach Slack chat.postMessage: The response ended prematurely.", cut));

        var error = Assert.Throws<TransientAdapterException>(deferred.ThrowIfAny);

        Assert.That(error!.InnerException?.InnerException, Is.SameAs(cut));
        Assert.That(error.Message, Does.StartWith("cannot reach Slack chat.postMessage").And.Contain("1 more item(s)"));
    }

    [Test]
    public void ThrowIfAny_NoItemGaveRetryAfter_NoneAskedSoTheHostBacksOff()
    {
        var deferred = new DeferredItems();
        deferred.Add("C1", new TransientAdapterException("Slack chat.update failed with HTTP 503"));

        var error = Assert.Throws<TransientAdapterException>(deferred.ThrowIfAny);

        Assert.That(error!.RetryAfter, Is.Null);
        Assert.That(error.Message, Is.EqualTo("Slack chat.update failed with HTTP 503"));
        Assert.That(deferred.Any, Is.True);
        Assert.That((deferred.Has("C1"), deferred.Has("C2")), Is.EqualTo((true, false)), "later items to C1 are skipped in this step");
    }
}
