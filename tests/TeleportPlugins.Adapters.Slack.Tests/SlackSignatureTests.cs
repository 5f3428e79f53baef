using System.Text;

namespace TeleportPlugins.Adapters.Slack.Tests;

/// <summary>The adapter's verifier against Slack's own published example, so it agrees with Slack and not only with the fake.</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
        + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    [Test]
    public void IsValid_SlacksDocumentedExample_Accepted()
    {
        Assert.That(SlackSignature.IsValid(Secret, Timestamp, Body, Signature), Is.True);
        Assert.That(SlackSignature.IsValid(Secret, Timestamp, Body, Signature.ToUpperInvariant().Replace("V0=", "v0=", StringComparison.Ordinal)), Is.True, "hex in either case");
    }

    [Test]
    public void IsValid_OneThingChanged_Refused()
    {
        Assert.That(SlackSignature.IsValid(Secret, "1531420619", Body, Signature), Is.False);
        Assert.That(SlackSignature.IsValid(Secret + "x", Timestamp, Body, Signature), Is.False);
        Assert.That(SlackSignature.IsValid(Secret, Timestamp, [.. Body, (byte)'x'], Signature), Is.False);
        Assert.That(SlackSignature.IsValid(Secret, Timestamp, Body, Signature[..^2]), Is.False);
        Assert.That(SlackSignature.IsValid(Secret, null, Body, Signature), Is.False);
        Assert.That(SlackSignature.IsValid(Secret, Timestamp, Body, null), Is.False);
    }

    [Test]
    public void TimeOf_UnixSeconds_ParsedAndGarbageRefused()
    {
        Assert.That(SlackSignature.TimeOf(Timestamp), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1531420618)));
        Assert.That(SlackSignature.TimeOf("-5"), Is.Null);
        Assert.That(SlackSignature.TimeOf("1.5"), Is.Null);
        Assert.That(SlackSignature.TimeOf("99999999999999999999"), Is.Null);
    }
}
