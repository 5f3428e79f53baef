using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>
/// The Prometheus text exposition format 0.0.4, read strictly line by line. <see cref="Parse"/> throws a
/// <see cref="FormatException"/> naming the line for anything a scraper would reject or misread: a bad name, a badly
/// escaped label value, a value that is not a float, a TYPE after its samples or twice, a family split in two, histogram
/// buckets that are not cumulative or whose <c>+Inf</c> bucket differs from the count.
/// </summary>
internal sealed partial class Exposition
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _helps = new(StringComparer.Ordinal);

    private Exposition()
    {
    }

    /// <summary>Every family's TYPE.</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>Every family's HELP, unescaped.</summary>
    public IReadOnlyDictionary<string, string> Helps => _helps;

    /// <summary>Every sample, in order.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    public static Exposition Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the last line does not end with a line feed");
        }

        var exposition = new Exposition();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            try
            {
                var family = exposition.ReadLine(line);
                if (family is not null && family != current)
                {
                    if (!finished.Add(family))
                    {
                        throw new FormatException($"family {family} continues after another one started");
                    }

                    current = family;
                }
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            {
                throw new FormatException($"line {i + 1} ({line}): {(e is FormatException ? e.Message : "ends early")}", e);
            }
        }

        exposition.CheckHistograms();
        return exposition;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = _samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"one sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}");
        return matches[0].Value;
    }

    /// <summary>The sum of every sample named <paramref name="name"/> whose labels include these.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).Sum(s => s.Value);

    /// <summary>Reads one line; returns the family it belongs to, or null for a blank line or a plain comment.</summary>
    private string? ReadLine(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        if (line.StartsWith('#'))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
            {
                return null;
            }

            var name = MetricName(parts[2]);
            var rest = parts.Length == 4 ? parts[3] : string.Empty;
            if (parts[1] == "HELP")
            {
                return _helps.TryAdd(name, Unescape(rest, quotes: false)) ? name : throw new FormatException($"a second HELP for {name}");
            }

            if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
            {
                throw new FormatException($"unknown type '{rest}'");
            }

            if (_samples.Any(s => FamilyOf(s.Name) == name))
            {
                throw new FormatException($"TYPE of {name} after its samples");
            }

            return _types.TryAdd(name, rest) ? name : throw new FormatException($"a second TYPE for {name}");
        }

        var sample = ReadSample(line);
        _samples.Add(sample);
        return FamilyOf(sample.Name);
    }

    private static Sample ReadSample(string line)
    {
        var nameMatch = MetricNamePrefix().Match(line);
        if (!nameMatch.Success)
        {
            throw new FormatException("no metric name");
        }

        var position = nameMatch.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var labelMatch = LabelNamePrefix().Match(line, position);
                if (!labelMatch.Success || labelMatch.Index != position || !line.AsSpan(position + labelMatch.Length).StartsWith("=\""))
                {
                    throw new FormatException($"bad label at column {position + 1}");
                }

                position += labelMatch.Length + 2;
                var start = position;
                while (line[position] != '"')
                {
                    position += line[position] == '\\' ? 2 : 1;
                }

                var value = Unescape(line[start..position], quotes: true);
                if (!labels.TryAdd(labelMatch.Value, value))
                {
                    throw new FormatException($"label {labelMatch.Value} twice");
                }

                position++;
                if (line[position] == ',')
                {
                    position++;
                }
                else if (line[position] != '}')
                {
                    throw new FormatException($"expected , or }} at column {position + 1}");
                }
            }

            position++;
        }

        var fields = line[position..].Split(' ');
        if (fields.Length is < 2 or > 3 || fields[0].Length != 0)
        {
            throw new FormatException("expected one space, a value and an optional timestamp");
        }

        if (fields.Length == 3 && !long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"bad timestamp '{fields[2]}'");
        }

        return new Sample(nameMatch.Value, labels, ParseValue(fields[1]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatPattern().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{text}' is not a float"),
    };

    private static string MetricName(string name) =>
        MetricNamePrefix().Match(name) is { Success: true } match && match.Length == name.Length ? name : throw new FormatException($"'{name}' is not a metric name");

    private static string Unescape(string text, bool quotes)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                throw new FormatException("a lone backslash");
            }

            result.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when quotes => '"',
                var other => throw new FormatException($"unknown escape \\{other}"),
            });
        }

        return result.ToString();
    }

    private string FamilyOf(string sampleName)
    {
        foreach (var suffix in HistogramSuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && _types.GetValueOrDefault(sampleName[..^suffix.Length]) is "histogram" or "summary")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return sampleName;
    }

    private void CheckHistograms()
    {
        foreach (var family in _types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            var series = _samples.Where(s => s.Name == family + "_bucket").GroupBy(s => SeriesKey(s.Labels, "le"), StringComparer.Ordinal);
            foreach (var buckets in series)
            {
                var previousBound = double.NegativeInfinity;
                var previousCount = 0.0;
                foreach (var bucket in buckets)
                {
                    var bound = ParseValue(bucket.Labels.GetValueOrDefault("le") ?? throw new FormatException($"{family} bucket {buckets.Key} without le"));
                    if (bound <= previousBound || bucket.Value < previousCount)
                    {
                        throw new FormatException($"{family} buckets {buckets.Key} are not ascending and cumulative");
                    }

                    previousBound = bound;
                    previousCount = bucket.Value;
                }

                var count = _samples.SingleOrDefault(s => s.Name == family + "_count" && SeriesKey(s.Labels, null) == buckets.Key);
                if (!double.IsPositiveInfinity(previousBound) || count is null || count.Value != previousCount)
                {
                    throw new FormatException($"{family} {buckets.Key}: the +Inf bucket must exist and equal _count");
                }

                if (!_samples.Any(s => s.Name == family + "_sum" && SeriesKey(s.Labels, null) == buckets.Key))
                {
                    throw new FormatException($"{family} {buckets.Key}: no _sum");
                }
            }
        }
    }

    private static string SeriesKey(IReadOnlyDictionary<string, string> labels, string? without) =>
        string.Join(",", labels.Where(l => l.Key != without).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricNamePrefix();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelNamePrefix();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <summary>One sample line.</summary>
    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
