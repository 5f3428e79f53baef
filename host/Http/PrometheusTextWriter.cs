using System.Globalization;
using System.Text;

namespace TeleportPlugins.Host.Http;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: per family one <c># HELP</c> and one <c># TYPE</c> line, then its
/// samples. Metric and label names are our own constants; label values and help texts are escaped as the format says.
/// </summary>
internal sealed class PrometheusTextWriter
{
    /// <summary>The response's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A value that only goes up, until the process restarts.</summary>
    public const string Counter = "counter";

    /// <summary>A value that goes up and down.</summary>
    public const string Gauge = "gauge";

    /// <summary>Observations counted in cumulative buckets, with their sum and count.</summary>
    public const string Histogram = "histogram";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a family; its samples follow.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="type"><see cref="Counter"/>, <see cref="Gauge"/> or <see cref="Histogram"/>.</param>
    /// <param name="help">What it measures.</param>
    public void Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, escapeQuotes: false);
        _text.Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>A family with a single unlabelled sample.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="type"><see cref="Counter"/> or <see cref="Gauge"/>.</param>
    /// <param name="help">What it measures.</param>
    /// <param name="value">The value.</param>
    public void Metric(string name, string type, string help, double value)
    {
        Family(name, type, help);
        Sample(name, value);
    }

    /// <summary>One sample of the current family.</summary>
    /// <param name="name">The sample's name: the family's, or for a histogram with <c>_bucket</c>, <c>_sum</c> or <c>_count</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="labels">The labels, in order.</param>
    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                _text.Append(labels[i].Name).Append("=\"");
                AppendEscaped(labels[i].Value, escapeQuotes: true);
                _text.Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>One histogram series: cumulative <c>_bucket</c> samples ending with <c>le="+Inf"</c>, <c>_sum</c> and <c>_count</c>.</summary>
    /// <param name="name">The family's name.</param>
    /// <param name="bounds">The buckets' upper bounds, ascending.</param>
    /// <param name="counts">Observations per bucket, not cumulative; one more than <paramref name="bounds"/>, the last above every bound.</param>
    /// <param name="sum">The sum of the observations.</param>
    /// <param name="labels">The series' labels, without <c>le</c>.</param>
    public void HistogramSeries(string name, ReadOnlySpan<double> bounds, ReadOnlySpan<long> counts, double sum, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (counts.Length != bounds.Length + 1)
        {
            throw new ArgumentException("needs one count per bound plus one above every bound", nameof(counts));
        }

        var withBound = new (string Name, string Value)[labels.Length + 1];
        labels.CopyTo(withBound);
        var bucket = name + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            withBound[^1] = ("le", i < bounds.Length ? FormatValue(bounds[i]) : "+Inf");
            Sample(bucket, cumulative, withBound);
        }

        Sample(name + "_sum", sum, labels);

        // The count is the +Inf bucket by definition; taking it from the same reads keeps the two equal in every scrape.
        Sample(name + "_count", cumulative, labels);
    }

    /// <summary>The exposition text.</summary>
    /// <returns>The text written so far.</returns>
    public override string ToString() => _text.ToString();

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void AppendEscaped(string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    _text.Append(@"\\");
                    break;
                case '\n':
                    _text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    _text.Append("\\\"");
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }
    }
}
