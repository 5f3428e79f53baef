namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>A <c>sys_journal_field</c> record (one work note or comment) as the adapter reads it: only its sys_id.</summary>
internal sealed record ServiceNowJournalEntry(string? SysId);
