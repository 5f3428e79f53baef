using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Slack;

/// <summary>
/// A Block Kit element: a text object (in a section or context block) or a button (in an actions block). Serialized as
/// its own type, without a discriminator, because Slack's <c>type</c> field is each record's own.
/// </summary>
[JsonDerivedType(typeof(SlackText))]
[JsonDerivedType(typeof(SlackButton))]
internal abstract record SlackElement(string Type);
