namespace TeleportPlugins.Fakes.Slack;

/// <summary>A modal the fake Slack opened through <c>views.open</c>.</summary>
/// <param name="Id">The view ID (V…).</param>
/// <param name="CallbackId">Its <c>callback_id</c>.</param>
/// <param name="PrivateMetadata">Its <c>private_metadata</c>, returned unchanged on submission.</param>
/// <param name="Title">Its title.</param>
/// <param name="Inputs">Its input blocks' block ID and action ID, where a submission carries the values.</param>
public sealed record SlackOpenedView(string Id, string CallbackId, string PrivateMetadata, string Title, IReadOnlyList<(string BlockId, string ActionId)> Inputs);
