namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>How a table came to exist; TOML's redefinition rules depend on it.</summary>
internal enum TomlTableDefinition
{
    /// <summary>Created as a parent of a header (<c>a</c> in <c>[a.b]</c>), or the root; a later <c>[a]</c> may still define it.</summary>
    Implicit,

    /// <summary>Defined by a <c>[header]</c> or as an element of <c>[[header]]</c>; it cannot be defined again.</summary>
    Header,

    /// <summary>Created by dotted keys (<c>a.b = 1</c>); only further dotted keys of the same section may add to it.</summary>
    Dotted,

    /// <summary>An inline table or one inside it; it is complete once its closing brace is read.</summary>
    Inline,
}
