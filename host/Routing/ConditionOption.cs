namespace TeleportPlugins.Host.Routing;

/// <summary>The value of <c>option(condition, value)</c>: <c>choose</c> returns the value of the first option whose condition is true.</summary>
/// <param name="Condition">Whether the option is chosen.</param>
/// <param name="Value">What <c>choose</c> returns for it.</param>
internal sealed record ConditionOption(bool Condition, object Value);
