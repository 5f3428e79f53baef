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
    public void MessageIds_CreateIsUniqueBase36AtTheDomain_HeaderWrapsOnce()
    {
        var now = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var first = MessageIds.Create(now, "example.com");
        var second = MessageIds.Create(now, "example.com");

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Match(@"^[0-9A-Z]+\.[0-9A-Z]+@example\.com$"));
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(MessageIds.ToHeader("<" + first + ">"), Is.EqualTo("<" + first + ">"));
            Assert.That(MessageIds.ToHeader(first), Is.EqualTo("<" + first + ">"));
        });
    }
}
