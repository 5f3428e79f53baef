using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The variables, functions and methods of Teleport's condition language for access requests, as Teleport defines
/// them (lib/accessmonitoring/request_mapping.go over lib/expression's DefaultParserSpec): the names, argument types and
/// results are the same, so a rule written for Teleport's plugins means the same here. Functions that build values of
/// no static type (ifelse, choose, option, pair, dict) and dictionary editing (put, add_values) are not offered: a
/// condition using them is reported as not parsing, never evaluated differently.
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
        ["time.RFC3339"] = [new([ConditionType.String], null, ConditionType.Time, args => ParseTime((string)args[0]))],
        ["before"] = [TimeCompare((t, other) => t < other)],
        ["after"] = [TimeCompare((t, other) => t > other)],
        ["between"] = [Between],
        ["day"] = [Day],
        ["clock_between"] = [ClockBetween],
    };

    /// <summary>The methods, by name; the receiver is the first parameter.</summary>
    public static IReadOnlyDictionary<string, ConditionFunction[]> Methods { get; } = new Dictionary<string, ConditionFunction[]>(StringComparer.Ordinal)
    {
        ["contains"] = [new([ConditionType.Set, ConditionType.String], null, ConditionType.Bool, args => ((IReadOnlySet<string>)args[0]).Contains((string)args[1]))],
        ["add"] = [new([ConditionType.Set], ConditionType.String, ConditionType.Set, args => ToSet(((IReadOnlySet<string>)args[0]).Concat(args.Skip(1).Cast<string>())))],
        ["remove"] =
        [
            new([ConditionType.Set], ConditionType.String, ConditionType.Set,
                args => ToSet(((IReadOnlySet<string>)args[0]).Except(args.Skip(1).Cast<string>(), StringComparer.Ordinal))),
        ],
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
    public static string? CheckPattern(string expression)
    {
        try
        {
            _ = Pattern(expression);
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
        if (Patterns.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var source = expression.StartsWith('^') && expression.EndsWith('$')
            ? expression
            : "^" + Regex.Escape(expression).Replace("\\*", "(.*)", StringComparison.Ordinal) + "$";
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

        Patterns[expression] = compiled;
        return compiled;
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
