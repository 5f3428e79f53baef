namespace TeleportPlugins.Adapters.Common.Tests;

public sealed class TextTemplateTests
{
    private static readonly string[] Names = ["user", "roles", "link"];

    [Test]
    public void Render_Placeholders_Filled()
    {
        var template = TextTemplate.Parse("{{user}} wants {{ roles }}: {{link}}!", Names);

        Assert.That(template.Render(new Dictionary<string, string> { ["user"] = "alice", ["roles"] = "dev", ["link"] = "https://x" }), Is.EqualTo("alice wants dev: https://x!"));
    }

    [TestCase("hi {{user", "'{{' at position 4 is never closed with '}}'")]
    [TestCase("hi {{usr}}", "unknown placeholder '{{usr}}' at position 4; known: {{link}}, {{roles}}, {{user}}")]
    [TestCase("hi }} there", "'}}' without an opening '{{' at position 4")]
    public void TryParse_Broken_SaysWhatAndWhere(string source, string expected)
    {
        Assert.That(TextTemplate.TryParse(source, Names, out var template, out var error), Is.False);
        Assert.That(template, Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void Truncate_LongText_CutOnCharacterBoundaryWithMarker()
    {
        var text = new string('a', 9) + "😀" + new string('b', 50);

        var cut = TextLimits.Truncate(text, 24);

        Assert.That(cut, Is.EqualTo(new string('a', 9) + TextLimits.TruncatedMarker));
        Assert.That(cut.Length, Is.LessThanOrEqualTo(24));
    }

    [Test]
    public void Truncate_ShortText_Unchanged() => Assert.That(TextLimits.Truncate("short", 100), Is.EqualTo("short"));
}
