namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>Opsgenie's <c>paging</c> links; only whether a next page exists matters to the adapter.</summary>
internal sealed record OpsgeniePaging(string? Next);
