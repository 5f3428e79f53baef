namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>An incident field: <c>{"type": "textbox"|"dropdown"|"multiselect", "value": ...}</c>.</summary>
/// <typeparam name="T">A string, or a list of strings for multiselect fields.</typeparam>
internal sealed record DatadogField<T>(string Type, T? Value);
