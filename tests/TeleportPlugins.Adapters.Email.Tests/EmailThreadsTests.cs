namespace TeleportPlugins.Adapters.Email.Tests;

public sealed class EmailThreadsTests
{
    [Test]
    public void Parse_TeleportsFormat_ReadsEveryThreadAndStripsBrackets()
    {
        var threads = EmailThreads.Parse("a@example.com/2026-11-21 09:00:00.1 +0000 UTC m=+1.5/AB.CD@host,b@example.com/t/<x.y@mg.example.com>,broken");

        Assert.That(threads, Is.EqualTo(new[]
        {
            new EmailThread("a@example.com", "2026-11-21 09:00:00.1 +0000 UTC m=+1.5", "AB.CD@host"),
            new EmailThread("b@example.com", "t", "x.y@mg.example.com"),
        }));
    }

    [Test]
    public void Format_ThenParse_RoundTrips()
    {
        EmailThread[] threads = [new("a@example.com", "2026-11-21T09:00:00.0000000+00:00", "1.2@example.com"), new("b@example.com", "t", "3.4@example.com")];

        Assert.That(EmailThreads.Parse(EmailThreads.Format(threads)), Is.EqualTo(threads));
    }

    [Test]
    public void MessageIds_For_SameOnEveryAttemptDistinctPerRecipientAndItem_HeaderWrapsOnce()
    {
        const string request = "5f2a3c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
        var first = MessageIds.For(request, "carol@example.com", "created", "example.com");

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Match(@"^[0-9A-Z]+\.[0-9A-Z]+@example\.com$"));
            Assert.That(MessageIds.For(request, "Carol@Example.com", "created", "example.com"), Is.EqualTo(first));
            Assert.That(MessageIds.For(request, "dave@example.com", "created", "example.com"), Is.Not.EqualTo(first));
            Assert.That(MessageIds.For(request, "carol@example.com", "review:0", "example.com"), Is.Not.EqualTo(first));
            Assert.That(MessageIds.For(request, "carol@example.com", "review:0", "example.com"), Is.Not.EqualTo(MessageIds.For(request, "carol@example.com", "review:1", "example.com")));
            Assert.That(MessageIds.For("another-request", "carol@example.com", "created", "example.com"), Is.Not.EqualTo(first));
            Assert.That(MessageIds.ToHeader("<" + first + ">"), Is.EqualTo("<" + first + ">"));
            Assert.That(MessageIds.ToHeader(first), Is.EqualTo("<" + first + ">"));
        });
    }
}
