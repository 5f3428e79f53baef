namespace TeleportPlugins.Adapters.Datadog.Api;

/// <summary>Datadog's JSON:API document: <c>{"data": ...}</c>, with the related resources <c>include</c> asked for.</summary>
/// <typeparam name="T">The data: one resource or a list of them.</typeparam>
internal sealed record DatadogDocument<T>(T? Data, IReadOnlyList<DatadogResource<DatadogUserAttributes>>? Included = null);
