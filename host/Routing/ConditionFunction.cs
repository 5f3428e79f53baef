namespace TeleportPlugins.Host.Routing;

/// <summary>One signature of a function or method (a method takes its receiver as the first parameter).</summary>
/// <param name="Parameters">The fixed parameters' types.</param>
/// <param name="Variadic">The type of any further arguments, or null when there are none.</param>
/// <param name="Result">The result's type.</param>
/// <param name="Invoke">Computes the result from the evaluated arguments.</param>
internal sealed record ConditionFunction(
    ConditionType[] Parameters,
    ConditionType? Variadic,
    ConditionType Result,
    Func<object[], object> Invoke)
{
    /// <summary>
    /// Whether arguments of these types fit: a parameter of type any takes every argument, and an argument of type any
    /// fits every parameter (it is checked when evaluated), as in Teleport's typical.
    /// </summary>
    public bool Accepts(IReadOnlyList<ConditionType> arguments)
    {
        if (arguments.Count < Parameters.Length || (Variadic is null && arguments.Count != Parameters.Length))
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var expected = i < Parameters.Length ? Parameters[i] : Variadic!.Value;
            if (expected != ConditionType.Any && arguments[i] != ConditionType.Any && arguments[i] != expected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The parameter an argument at <paramref name="index"/> is for.</summary>
    public ConditionType ParameterAt(int index) => index < Parameters.Length ? Parameters[index] : Variadic ?? ConditionType.Any;

    /// <summary>The signature as shown in messages, e.g. <c>contains(set, string)</c>.</summary>
    public string Describe(string name) =>
        $"{name}({string.Join(", ", Parameters.Select(p => p.ToString().ToLowerInvariant()).Concat(Variadic is { } v ? [v.ToString().ToLowerInvariant() + "..."] : []))})";
}
