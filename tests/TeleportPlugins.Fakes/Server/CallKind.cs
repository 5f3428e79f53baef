namespace TeleportPlugins.Fakes;

/// <summary>What a call to a tool's API did, as the fake of that tool classifies it.</summary>
public enum CallKind
{
    /// <summary>Created the request's root object in the tool: a channel message, an issue, an incident, an alert, the first e-mail to a reviewer.</summary>
    Root,

    /// <summary>Added one review's reply, comment, note or e-mail.</summary>
    Reply,

    /// <summary>Edited, transitioned, resolved or closed the root object, or told the requester the outcome.</summary>
    Update,

    /// <summary>A read: health check, lookup, search.</summary>
    Read,
}
