namespace TeleportPlugins.Load.Drive;

/// <summary>What a ceiling run sent and how long it took.</summary>
/// <param name="Elapsed">From the first call to the last answer.</param>
/// <param name="ToolCalls">HTTP calls sent to the fakes (each answered).</param>
/// <param name="ToolCallsFailed">Of those, answered other than 2xx (repeated creates a tool de-duplicates).</param>
/// <param name="PluginDataCalls">Auth Service calls sent (GetPluginData and UpdatePluginData); 0 for the bare ceiling.</param>
/// <param name="CompareFailures">Compare-and-swaps refused (FailedPrecondition); each step's expectation is the record it just read.</param>
public sealed record CeilingOutcome(TimeSpan Elapsed, long ToolCalls, long ToolCallsFailed, long PluginDataCalls, long CompareFailures);
