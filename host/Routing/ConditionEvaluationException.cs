namespace TeleportPlugins.Host.Routing;

/// <summary>A condition that parsed but failed on this request (an invalid regular expression or time value).</summary>
internal sealed class ConditionEvaluationException : Exception
{
    public ConditionEvaluationException()
    {
    }

    public ConditionEvaluationException(string message)
        : base(message)
    {
    }

    public ConditionEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
