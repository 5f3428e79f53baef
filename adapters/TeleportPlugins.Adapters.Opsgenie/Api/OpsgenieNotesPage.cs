namespace TeleportPlugins.Adapters.Opsgenie.Api;

/// <summary>A page of an alert's notes; <c>paging.next</c> is set while more follow.</summary>
internal sealed record OpsgenieNotesPage(IReadOnlyList<OpsgenieNote>? Data, OpsgeniePaging? Paging);
