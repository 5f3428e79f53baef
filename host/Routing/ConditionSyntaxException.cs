namespace TeleportPlugins.Host.Routing;

/// <summary>A condition that does not parse or type-check, with the 0-based offset of the offending part.</summary>
internal sealed class ConditionSyntaxException : Exception
{
    public ConditionSyntaxException()
    {
    }

    public ConditionSyntaxException(string message)
        : base(message)
    {
    }

    public ConditionSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConditionSyntaxException(int position, string message)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Where in the condition the problem is (0-based).</summary>
    public int Position { get; }
}
