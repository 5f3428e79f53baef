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
    public bool Accepts(IReadOnlyList<ConditionType> arguments)
    {
        if (arguments.Count < Parameters.Length || (Variadic is null && arguments.Count != Parameters.Length))
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] != (i < Parameters.Length ? Parameters[i] : Variadic))
            {
                return false;
            }
        }

        return true;
    }

    public string Describe(string name) =>
        $"{name}({string.Join(", ", Parameters.Select(p => p.ToString().ToLowerInvariant()).Concat(Variadic is { } v ? [v.ToString().ToLowerInvariant() + "..."] : []))})";
}
