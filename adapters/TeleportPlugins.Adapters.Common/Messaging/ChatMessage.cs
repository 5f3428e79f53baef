namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>A rendered request message: the request's details and its status part (status, resolution, reviews).</summary>
/// <param name="Body">The details, rendered from <c>message_template</c>, already escaped for the tool's markup.</param>
/// <param name="Status">The status part, rendered from <c>status_template</c>, already escaped.</param>
/// <param name="Link">The request in the Web UI, for tools that show it as a button (Teams' "Open"); null without a proxy address.</param>
/// <param name="RequestId">The request's ID, for tools that mark every rendering of the message with it (Teams' card footer).</param>
/// <param name="Pending">Whether the request still awaits reviews: a tool with approve-from-tool enabled shows its
/// Approve and Deny buttons only then, so a later update replaces them with the final state.</param>
public sealed record ChatMessage(string Body, string Status, Uri? Link = null, string? RequestId = null, bool Pending = false);
