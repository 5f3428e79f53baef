namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The type of a value met when a condition is evaluated: a value typed <see cref="ConditionType.Any"/> at parse time
/// is checked here where a typed one is needed, as Teleport's typical checks a function result of type any.
/// </summary>
internal static class ConditionValue
{
    /// <summary>The value's type.</summary>
    public static ConditionType TypeOf(object value) => value switch
    {
        bool => ConditionType.Bool,
        string => ConditionType.String,
        long => ConditionType.Int,
        DateTimeOffset => ConditionType.Time,
        IReadOnlySet<string> => ConditionType.Set,
        IReadOnlyDictionary<string, IReadOnlySet<string>> => ConditionType.Dict,
        ConditionPair => ConditionType.Pair,
        ConditionOption => ConditionType.Option,
        _ => ConditionType.Any,
    };

    /// <summary>The value, when it is of <paramref name="type"/>.</summary>
    /// <exception cref="ConditionEvaluationException">It is of another type.</exception>
    public static object Expect(object value, ConditionType type, string where)
    {
        var actual = TypeOf(value);
        return type == ConditionType.Any || actual == type
            ? value
            : throw new ConditionEvaluationException($"{where}: expected type {Name(type)}, got value of type {Name(actual)}");
    }

    /// <summary>The type's name in messages.</summary>
    public static string Name(ConditionType type) => type.ToString().ToLowerInvariant();
}
