using System.Globalization;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// A semantic version as Teleport's newer_than, older_than and between read it (github.com/coreos/go-semver):
/// MAJOR.MINOR.PATCH with an optional -pre-release and +build; the build is ignored when comparing, a version without a
/// pre-release is greater than one with, and pre-release parts compare numbers below words.
/// </summary>
internal sealed partial record Semver(long Major, long Minor, long Patch, string[] PreRelease) : IComparable<Semver>
{
    /// <summary>The version a condition's value names.</summary>
    /// <exception cref="ConditionEvaluationException">The value is no string, or not a version.</exception>
    public static Semver Parse(object value)
    {
        if (value is not string text)
        {
            throw new ConditionEvaluationException($"type {ConditionValue.Name(ConditionValue.TypeOf(value))} cannot be parsed as a semantic version");
        }

        var rest = text;
        var build = SplitOff(ref rest, '+');
        var preRelease = SplitOff(ref rest, '-');
        var parts = rest.Split('.', 3);
        if (parts.Length != 3)
        {
            throw new ConditionEvaluationException($"{rest} is not in dotted-tri format");
        }

        foreach (var identifier in new[] { preRelease, build })
        {
            if (identifier.Length > 0 && !Identifier().IsMatch(identifier))
            {
                throw new ConditionEvaluationException($"{identifier} is not a valid semantic version identifier");
            }
        }

        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new ConditionEvaluationException($"\"{parts[i]}\" in version \"{text}\" is not a number");
            }
        }

        return new Semver(numbers[0], numbers[1], numbers[2], preRelease.Length == 0 ? [] : preRelease.Split('.'));
    }

    /// <inheritdoc />
    public int CompareTo(Semver? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0)
        {
            return core;
        }

        if (PreRelease.Length == 0 || other.PreRelease.Length == 0)
        {
            return other.PreRelease.Length.CompareTo(PreRelease.Length) switch { > 0 => 1, < 0 => -1, _ => 0 };
        }

        for (var i = 0; ; i++)
        {
            if (i == PreRelease.Length || i == other.PreRelease.Length)
            {
                return PreRelease.Length.CompareTo(other.PreRelease.Length);
            }

            var (a, b) = (PreRelease[i], other.PreRelease[i]);
            var aNumber = int.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var aValue);
            var bNumber = int.TryParse(b, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bValue);
            var order = (aNumber, bNumber) switch
            {
                (true, false) => -1,
                (false, true) => 1,
                (true, true) when aValue != bValue => aValue.CompareTo(bValue),
                _ => string.CompareOrdinal(a, b),
            };
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }
    }

    // go-semver splits at the first delimiter.
    private static string SplitOff(ref string text, char delimiter)
    {
        var at = text.IndexOf(delimiter, StringComparison.Ordinal);
        if (at < 0)
        {
            return string.Empty;
        }

        var tail = text[(at + 1)..];
        text = text[..at];
        return tail;
    }

    [GeneratedRegex("^[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
