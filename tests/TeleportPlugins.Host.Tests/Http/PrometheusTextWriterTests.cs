using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Http;

public sealed class PrometheusTextWriterTests
{
    [Test]
    public void Sample_LabelValueWithBackslashQuoteAndNewline_EscapedAndReadBack()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("teleport_plugins_steps_total", PrometheusTextWriter.Counter, "Steps.");
        writer.Sample("teleport_plugins_steps_total", 3, ("adapter", "C:\\tools \"main\"\nsecond line"), ("step", "created"));

        var text = writer.ToString();
        var parsed = Exposition.Parse(text);

        Assert.That(text, Does.Contain("""teleport_plugins_steps_total{adapter="C:\\tools \"main\"\nsecond line",step="created"} 3""" + "\n"));
        Assert.That(parsed.Value("teleport_plugins_steps_total", ("adapter", "C:\\tools \"main\"\nsecond line"), ("step", "created")), Is.EqualTo(3));
    }

    [Test]
    public void Family_HelpWithBackslashAndNewline_EscapedButQuotesKept()
    {
        var writer = new PrometheusTextWriter();

        writer.Metric("x_total", PrometheusTextWriter.Counter, "a \\ b\n\"c\"", 1);

        Assert.That(writer.ToString(), Is.EqualTo("# HELP x_total a \\\\ b\\n\"c\"\n# TYPE x_total counter\nx_total 1\n"));
        Assert.That(Exposition.Parse(writer.ToString()).Helps["x_total"], Is.EqualTo("a \\ b\n\"c\""));
    }

    [Test]
    public void Sample_SpecialAndFractionalValues_WrittenAsTheFormatSpellsThem()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("g", PrometheusTextWriter.Gauge, "g");
        writer.Sample("g", double.PositiveInfinity, ("v", "a"));
        writer.Sample("g", double.NegativeInfinity, ("v", "b"));
        writer.Sample("g", double.NaN, ("v", "c"));
        writer.Sample("g", 0.1, ("v", "d"));
        writer.Sample("g", 1234567890123, ("v", "e"));

        Assert.That(writer.ToString(), Is.EqualTo("# HELP g g\n# TYPE g gauge\ng{v=\"a\"} +Inf\ng{v=\"b\"} -Inf\ng{v=\"c\"} NaN\ng{v=\"d\"} 0.1\ng{v=\"e\"} 1234567890123\n"));
        Assert.That(Exposition.Parse(writer.ToString()).Samples, Has.Count.EqualTo(5));
    }

    [Test]
    public void HistogramSeries_PerBucketCounts_WrittenCumulativeWithInfEqualToCount()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("d_seconds", PrometheusTextWriter.Histogram, "d");

        writer.HistogramSeries("d_seconds", [0.5, 1], [2, 0, 3], 4.25, ("adapter", "slack"));

        Assert.That(writer.ToString(), Is.EqualTo("""
            # HELP d_seconds d
            # TYPE d_seconds histogram
            d_seconds_bucket{adapter="slack",le="0.5"} 2
            d_seconds_bucket{adapter="slack",le="1"} 2
            d_seconds_bucket{adapter="slack",le="+Inf"} 5
            d_seconds_sum{adapter="slack"} 4.25
            d_seconds_count{adapter="slack"} 5

            """.ReplaceLineEndings("\n")));
        Assert.That(Exposition.Parse(writer.ToString()).Value("d_seconds_count", ("adapter", "slack")), Is.EqualTo(5));
    }

    // The parser in the endpoint tests proves the output valid only if it rejects what is not.
    [TestCase("x 1", Description = "no final line feed")]
    [TestCase("x{a=\"1\"} one\n", Description = "value not a float")]
    [TestCase("x{a=\"\\t\"} 1\n", Description = "unknown escape")]
    [TestCase("x{a=\"1\" } 1\n", Description = "space inside the braces")]
    [TestCase("x{a=\"1\",a=\"2\"} 1\n", Description = "label twice")]
    [TestCase("9x 1\n", Description = "bad metric name")]
    [TestCase("x 1\n# TYPE x gauge\n", Description = "TYPE after samples")]
    [TestCase("# TYPE x gauge\n# TYPE x gauge\nx 1\n", Description = "TYPE twice")]
    [TestCase("x 1\ny 1\nx 2\n", Description = "family split")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", Description = "buckets not cumulative")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", Description = "+Inf differs from count")]
    [TestCase("x{a=\"1 1\n", Description = "line ends inside a label value")]
    public void ExpositionParser_InvalidText_Rejected(string text)
    {
        Assert.Throws<FormatException>(() => Exposition.Parse(text));
    }
}
