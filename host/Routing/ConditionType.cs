namespace TeleportPlugins.Host.Routing;

/// <summary>
/// The static types of Teleport's condition language for access requests (typical over predicate): every
/// subexpression's type is known when the condition is parsed, so a mismatch is found before any request is seen.
/// </summary>
internal enum ConditionType
{
    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A string.</summary>
    String,

    /// <summary>An integer literal (only compared with == and !=).</summary>
    Int,

    /// <summary>A set of strings (roles, suggested reviewers, a trait's or annotation's values).</summary>
    Set,

    /// <summary>A map from string to set (system annotations, user traits).</summary>
    Dict,

    /// <summary>A point in time (creation time, expiry).</summary>
    Time,

    /// <summary>A key and a value, the argument of <c>dict</c> (Teleport's <c>pair</c>).</summary>
    Pair,

    /// <summary>A condition and a value, the argument of <c>choose</c> (Teleport's <c>option</c>).</summary>
    Option,

    /// <summary>
    /// Known only when evaluated (the result of <c>ifelse</c>, <c>choose</c> and <c>remove</c>, as Teleport declares
    /// them): accepted wherever a typed value is, and checked against that type when the condition is evaluated.
    /// </summary>
    Any,
}
