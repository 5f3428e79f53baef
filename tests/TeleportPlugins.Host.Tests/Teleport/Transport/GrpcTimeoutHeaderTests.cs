using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcTimeoutHeaderTests
{
    [TestCase(300, "300000u")]
    [TestCase(99_999, "99999000u")]
    [TestCase(120_000, "120000m")]
    [TestCase(3_600_000, "3600000m")]
    [TestCase(200L * 24 * 3_600_000, "17280000S")]
    public void Format_Milliseconds_UsesFinestUnitThatFitsEightDigits(long milliseconds, string expected) =>
        Assert.That(GrpcTimeoutHeader.Format(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));

    [Test]
    public void Format_PartialMicrosecond_RoundsUp() =>
        Assert.That(GrpcTimeoutHeader.Format(TimeSpan.FromTicks(1)), Is.EqualTo("1u"));

    [Test]
    public void Format_Huge_IsCappedAtEightDigitsOfHours() =>
        Assert.That(GrpcTimeoutHeader.Format(TimeSpan.MaxValue), Is.EqualTo("99999999H"));
}
