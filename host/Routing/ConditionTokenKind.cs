namespace TeleportPlugins.Host.Routing;

/// <summary>The tokens of the Go expression syntax that Teleport's predicate parser reads.</summary>
internal enum ConditionTokenKind
{
    /// <summary>The end of the condition.</summary>
    End,

    /// <summary>A name: letters, digits and underscores, not starting with a digit.</summary>
    Identifier,

    /// <summary>An interpreted ("...") or raw (`...`) string literal.</summary>
    String,

    /// <summary>A decimal integer literal.</summary>
    Int,

    /// <summary>An operator or punctuation: ( ) [ ] . , ! &amp;&amp; || == != and the Go operators the language refuses.</summary>
    Symbol,
}
