using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The variables, functions and methods of Teleport's condition language for access requests, as Teleport defines
/// them (lib/accessmonitoring/request_mapping.go over lib/expression/parser.go's DefaultParserSpec): the names,
/// argument types and results are the same, so a rule written for Teleport's plugins means the same here. Functions
/// Teleport declares as returning any (ifelse, choose, remove) return <see cref="ConditionType.Any"/>, checked where
/// used when evaluated, as Teleport's typical does. The requested resources' labels
/// (access_request.spec.resource_labels_union and _intersection) are not offered: a condition using them is reported
/// as not parsing, never evaluated differently.
/// </summary>
internal static class ConditionLibrary
{
    // Go's regexp is RE2 (linear time); the non-backtracking engine keeps a hostile pattern from stalling routing.
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private const int PatternCacheLimit = 256;

    // Declared before the tables that use them: static initializers run in order.
    private static ConditionFunction Between { get; } = new([ConditionType.Time, ConditionType.Time, ConditionType.Time], null, ConditionType.Bool, args =>
    {
        var (t, first, second) = ((DateTimeOffset)args[0], (DateTimeOffset)args[1], (DateTimeOffset)args[2]);
        if (first > second)
        {
            (first, second) = (second, first);
        }

        return t > first && t < second;
    });

    // The function (not the method) takes any three values: times compare as times, anything else as semantic versions.
    private static ConditionFunction BetweenValues { get; } = new([ConditionType.Any, ConditionType.Any, ConditionType.Any], null, ConditionType.Bool, args =>
    {
        if (args[0] is DateTimeOffset)
        {
            return args[1] is DateTimeOffset && args[2] is DateTimeOffset
                ? Between.Invoke(args)
                : throw new ConditionEvaluationException("between: the time parameters provided are invalid time values");
        }

        var (value, low, high) = (Semver.Parse(args[0]), Semver.Parse(args[1]), Semver.Parse(args[2]));
        return value.CompareTo(low) >= 0 && value.CompareTo(high) < 0;
    });

    private static ConditionFunction Day { get; } = new([ConditionType.Time], null, ConditionType.String,
        args => ((DateTimeOffset)args[0]).UtcDateTime.DayOfWeek.ToString());

    // Teleport compares in the rule's time zone, UTC when none is set; rules here carry none.
    private static ConditionFunction ClockBetween { get; } = new([ConditionType.Time, ConditionType.String, ConditionType.String], null, ConditionType.Bool, args =>
    {
        var t = ((DateTimeOffset)args[0]).UtcDateTime;
        var start = t.Date + ClockTime((string)args[1]);
        var end = t.Date + ClockTime((string)args[2]);
        return t > start && t < end;
    });

    /// <summary>The variables, by full dotted name.</summary>
    public static IReadOnlyDictionary<string, (ConditionType Type, Func<ConditionEnvironment, object> Value)> Variables { get; } =
        new Dictionary<string, (ConditionType, Func<ConditionEnvironment, object>)>(StringComparer.Ordinal)
        {
            ["true"] = (ConditionType.Bool, _ => true),
            ["false"] = (ConditionType.Bool, _ => false),
            ["access_request.spec.roles"] = (ConditionType.Set, env => ToSet(env.Roles)),
            ["access_request.spec.suggested_reviewers"] = (ConditionType.Set, env => ToSet(env.SuggestedReviewers)),
            ["access_request.spec.system_annotations"] = (ConditionType.Dict, env => ToDict(env.Annotations)),
            ["access_request.spec.user"] = (ConditionType.String, env => env.User),
            ["access_request.spec.request_reason"] = (ConditionType.String, env => env.RequestReason),
            ["access_request.spec.creation_time"] = (ConditionType.Time, env => env.CreationTime),
            ["access_request.spec.expiry"] = (ConditionType.Time, env => env.Expiry),
            ["access_request.spec.resource_labels_union"] = (ConditionType.Dict, env => LabelsUnion(env.ResourceLabels)),
            ["access_request.spec.resource_labels_intersection"] = (ConditionType.Dict, env => LabelsIntersection(env.ResourceLabels)),
            ["user.traits"] = (ConditionType.Dict, env => ToDict(env.UserTraits)),
            ["plugin.spec.name"] = (ConditionType.String, env => env.PluginName),
        };

    /// <summary>The functions, by full dotted name; several entries are overloads tried in order.</summary>
    public static IReadOnlyDictionary<string, ConditionFunction[]> Functions { get; } = new Dictionary<string, ConditionFunction[]>(StringComparer.Ordinal)
    {
        ["set"] = [new([], ConditionType.String, ConditionType.Set, args => ToSet(args.Cast<string>()))],
        ["union"] = [new([], ConditionType.Set, ConditionType.Set, args => ToSet(args.Cast<IReadOnlySet<string>>().SelectMany(s => s)))],
        ["contains_any"] = [new([ConditionType.Set, ConditionType.Set], null, ConditionType.Bool, args => ContainsAny(args[0], args[1]))],
        ["contains_all"] = [new([ConditionType.Set, ConditionType.Set], null, ConditionType.Bool, args => ContainsAll(args[0], args[1]))],
        ["is_empty"] = [new([ConditionType.Set], null, ConditionType.Bool, args => ((IReadOnlySet<string>)args[0]).Count == 0)],
        ["strings.upper"] = Transform(s => s.ToUpperInvariant()),
        ["strings.lower"] = Transform(s => s.ToLowerInvariant()),
        ["strings.replaceall"] =
        [
            new([ConditionType.String, ConditionType.String, ConditionType.String], null, ConditionType.String,
                args => ReplaceAll((string)args[0], (string)args[1], (string)args[2])),
            new([ConditionType.Set, ConditionType.String, ConditionType.String], null, ConditionType.Set,
                args => ToSet(((IReadOnlySet<string>)args[0]).Select(s => ReplaceAll(s, (string)args[1], (string)args[2])))),
        ],
        ["strings.split"] =
        [
            new([ConditionType.Set, ConditionType.String], null, ConditionType.Set,
                args => ToSet(((IReadOnlySet<string>)args[0]).SelectMany(s => Split(s, (string)args[1])))),
        ],
        ["email.local"] = [new([ConditionType.Set], null, ConditionType.Set, args => ToSet(((IReadOnlySet<string>)args[0]).Select(EmailLocal)))],
        ["regexp.match"] = [new([ConditionType.Set, ConditionType.String], null, ConditionType.Bool, args => RegexMatchesAny(args[0], (string)args[1]))],
        ["regexp.replace"] =
        [
            new([ConditionType.Set, ConditionType.String, ConditionType.String], null, ConditionType.Set,
                args => RegexReplace(args[0], (string)args[1], (string)args[2])),
        ],
        ["dict"] = [new([], ConditionType.Pair, ConditionType.Dict, args => DictOf(args))],
        ["pair"] = [new([ConditionType.Any, ConditionType.Any], null, ConditionType.Pair, args => new ConditionPair(args[0], args[1]))],
        ["ifelse"] = [new([ConditionType.Bool, ConditionType.Any, ConditionType.Any], null, ConditionType.Any, args => (bool)args[0] ? args[1] : args[2])],
        ["option"] = [new([ConditionType.Bool, ConditionType.Any], null, ConditionType.Option, args => new ConditionOption((bool)args[0], args[1]))],
        ["choose"] = [new([], ConditionType.Option, ConditionType.Any, args => Choose(args))],
        ["newer_than"] = [new([ConditionType.Any, ConditionType.Any], null, ConditionType.Bool, args => Semver.Parse(args[0]).CompareTo(Semver.Parse(args[1])) > 0)],
        ["older_than"] = [new([ConditionType.Any, ConditionType.Any], null, ConditionType.Bool, args => Semver.Parse(args[0]).CompareTo(Semver.Parse(args[1])) < 0)],
        ["time.RFC3339"] = [new([ConditionType.String], null, ConditionType.Time, args => ParseTime((string)args[0]))],
        ["before"] = [TimeCompare((t, other) => t < other)],
        ["after"] = [TimeCompare((t, other) => t > other)],
        ["between"] = [BetweenValues],
        ["day"] = [Day],
        ["clock_between"] = [ClockBetween],
    };

    /// <summary>The methods, by name; the receiver is the first parameter.</summary>
    public static IReadOnlyDictionary<string, ConditionFunction[]> Methods { get; } = new Dictionary<string, ConditionFunction[]>(StringComparer.Ordinal)
    {
        ["contains"] = [new([ConditionType.Set, ConditionType.String], null, ConditionType.Bool, args => ((IReadOnlySet<string>)args[0]).Contains((string)args[1]))],
        ["add"] = [new([ConditionType.Set], ConditionType.String, ConditionType.Set, args => ToSet(((IReadOnlySet<string>)args[0]).Concat(args.Skip(1).Cast<string>())))],
        // Teleport's remove takes a set or a dict and returns any.
        ["remove"] =
        [
            new([ConditionType.Set], ConditionType.String, ConditionType.Any,
                args => ToSet(((IReadOnlySet<string>)args[0]).Except(args.Skip(1).Cast<string>(), StringComparer.Ordinal))),
            new([ConditionType.Dict], ConditionType.String, ConditionType.Any, args => WithoutKeys(args)),
        ],
        ["put"] = [new([ConditionType.Dict, ConditionType.String, ConditionType.Set], null, ConditionType.Dict, args => Put(args))],
        ["add_values"] = [new([ConditionType.Dict, ConditionType.String], ConditionType.String, ConditionType.Dict, args => AddValues(args))],
        ["contains_any"] = Functions["contains_any"],
        ["contains_all"] = Functions["contains_all"],
        ["isempty"] = Functions["is_empty"],
        ["before"] = Functions["before"],
        ["after"] = Functions["after"],
        ["between"] = [Between],
        ["day"] = [Day],
        ["clock_between"] = [ClockBetween],
    };

    /// <summary>Checks a literal regular expression when the condition is parsed, so a broken one disables the rule at once.</summary>
    /// <param name="expression">The pattern as written.</param>
    /// <param name="glob">Whether it is read as regexp.match reads it (a glob unless it is "^...$"), or as a raw expression (regexp.replace).</param>
    public static string? CheckPattern(string expression, bool glob)
    {
        try
        {
            _ = glob ? Pattern(expression) : Compile(expression, expression);
            return null;
        }
        catch (ConditionEvaluationException e)
        {
            return e.Message;
        }
    }

    private static ConditionFunction[] Transform(Func<string, string> transform) =>
    [
        new([ConditionType.String], null, ConditionType.String, args => transform((string)args[0])),
        new([ConditionType.Set], null, ConditionType.Set, args => ToSet(((IReadOnlySet<string>)args[0]).Select(transform))),
    ];

    private static ConditionFunction TimeCompare(Func<DateTimeOffset, DateTimeOffset, bool> compare) =>
        new([ConditionType.Time, ConditionType.Time], null, ConditionType.Bool, args => compare((DateTimeOffset)args[0], (DateTimeOffset)args[1]));

    private static HashSet<string> ToSet(IEnumerable<string> values) => new HashSet<string>(values, StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlySet<string>> ToDict(IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        values.ToDictionary(pair => pair.Key, pair => (IReadOnlySet<string>)ToSet(pair.Value), StringComparer.Ordinal);

    // Teleport: every value any requested resource has for a key.
    private static Dictionary<string, IReadOnlySet<string>> LabelsUnion(IReadOnlyList<IReadOnlyDictionary<string, string>> resources) =>
        resources.SelectMany(labels => labels)
            .GroupBy(label => label.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlySet<string>)ToSet(group.Select(label => label.Value)), StringComparer.Ordinal);

    // Teleport: the first resource's labels that every other resource has with the same value; none without resources.
    private static Dictionary<string, IReadOnlySet<string>> LabelsIntersection(IReadOnlyList<IReadOnlyDictionary<string, string>> resources) =>
        resources.Count == 0
            ? new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
            : resources[0]
                .Where(label => resources.All(other => other.TryGetValue(label.Key, out var value) && value == label.Value))
                .ToDictionary(label => label.Key, label => (IReadOnlySet<string>)ToSet([label.Value]), StringComparer.Ordinal);

    private static bool ContainsAny(object all, object wanted) => ((IReadOnlySet<string>)wanted).Any(((IReadOnlySet<string>)all).Contains);

    // Teleport: every wanted value present, and at least one wanted.
    private static bool ContainsAll(object all, object wanted) =>
        ((IReadOnlySet<string>)wanted).Count > 0 && ((IReadOnlySet<string>)wanted).All(((IReadOnlySet<string>)all).Contains);

    // Go's strings.ReplaceAll with an empty match inserts the replacement between every character; .NET refuses it.
    private static string ReplaceAll(string input, string match, string replacement) =>
        match.Length == 0 ? replacement + string.Join(replacement, input.EnumerateRunes()) + (input.Length > 0 ? replacement : string.Empty)
            : input.Replace(match, replacement, StringComparison.Ordinal);

    // Go's strings.Split with an empty separator splits after each character.
    private static IEnumerable<string> Split(string input, string separator) =>
        separator.Length == 0 ? input.EnumerateRunes().Select(r => r.ToString()) : input.Split(separator);

    private static string EmailLocal(string email)
    {
        if (email.Length == 0)
        {
            throw new ConditionEvaluationException("found empty email.local argument");
        }

        if (!MailAddress.TryCreate(email, out var address))
        {
            throw new ConditionEvaluationException($"email.local: \"{email}\" is not an e-mail address");
        }

        return address.User;
    }

    private static bool RegexMatchesAny(object inputs, string expression)
    {
        var pattern = Pattern(expression);
        try
        {
            return ((IReadOnlySet<string>)inputs).Any(pattern.IsMatch);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ConditionEvaluationException($"regexp.match: matching \"{expression}\" took too long");
        }
    }

    // Teleport reads "^...$" as a regular expression and anything else as a glob whose * matches any run.
    private static Regex Pattern(string expression)
    {
        var source = expression.StartsWith('^') && expression.EndsWith('$')
            ? expression
            : "^" + Regex.Escape(expression).Replace("\\*", "(.*)", StringComparison.Ordinal) + "$";
        return Compile(source, expression);
    }

    private static Regex Compile(string source, string expression)
    {
        if (Patterns.TryGetValue(source, out var cached))
        {
            return cached;
        }

        Regex compiled;
        try
        {
            compiled = new Regex(source, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexBudget);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConditionEvaluationException($"invalid regular expression \"{expression}\": {e.Message}");
        }

        if (Patterns.Count >= PatternCacheLimit)
        {
            Patterns.Clear();
        }

        Patterns[source] = compiled;
        return compiled;
    }

    // Go's regexp.ReplaceAllString on each value; values it does not match, and values replaced by nothing, are dropped.
    private static HashSet<string> RegexReplace(object inputs, string expression, string replacement)
    {
        var pattern = Compile(expression, expression);
        try
        {
            return ToSet(((IReadOnlySet<string>)inputs)
                .Where(value => pattern.IsMatch(value))
                .Select(value => pattern.Replace(value, replacement))
                .Where(value => value.Length > 0));
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ConditionEvaluationException($"regexp.replace: matching \"{expression}\" took too long");
        }
    }

    private static Dictionary<string, IReadOnlySet<string>> DictOf(object[] pairs)
    {
        var dict = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (ConditionPair pair in pairs)
        {
            var key = pair.First as string
                ?? throw new ConditionEvaluationException($"dict keys must have type string, got {ConditionValue.Name(ConditionValue.TypeOf(pair.First))}");
            dict[key] = pair.Second as IReadOnlySet<string>
                ?? throw new ConditionEvaluationException($"dict values must have type set, got {ConditionValue.Name(ConditionValue.TypeOf(pair.Second))}");
        }

        return dict;
    }

    private static object Choose(object[] options) =>
        options.Cast<ConditionOption>().FirstOrDefault(o => o.Condition)?.Value
        ?? throw new ConditionEvaluationException("evaluating choose expression: no option could be selected, consider adding a default option by hardcoding the condition to \"true\"");

    // Dict edits return a copy: the variables' values are shared by every rule.
    private static Dictionary<string, IReadOnlySet<string>> Copy(object dict) =>
        new((IReadOnlyDictionary<string, IReadOnlySet<string>>)dict, StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlySet<string>> Put(object[] args)
    {
        var copy = Copy(args[0]);
        copy[(string)args[1]] = (IReadOnlySet<string>)args[2];
        return copy;
    }

    private static Dictionary<string, IReadOnlySet<string>> AddValues(object[] args)
    {
        var copy = Copy(args[0]);
        var key = (string)args[1];
        copy[key] = ToSet((copy.TryGetValue(key, out var values) ? values : Enumerable.Empty<string>()).Concat(args.Skip(2).Cast<string>()));
        return copy;
    }

    private static Dictionary<string, IReadOnlySet<string>> WithoutKeys(object[] args)
    {
        var copy = Copy(args[0]);
        foreach (string key in args.Skip(1))
        {
            copy.Remove(key);
        }

        return copy;
    }

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new ConditionEvaluationException($"time.RFC3339: \"{value}\" is not an RFC 3339 time");

    private static TimeSpan ClockTime(string value) =>
        TimeSpan.TryParseExact(value, ["hh\\:mm", "h\\:mm"], CultureInfo.InvariantCulture, out var time) && time < TimeSpan.FromDays(1)
            ? time
            : throw new ConditionEvaluationException($"clock_between: \"{value}\" is not a 24-hour HH:MM time");
}
