namespace TeleportPlugins.Adapters.ServiceNow.Api;

/// <summary>The envelope every Table API answer comes in: <c>{"result": …}</c>.</summary>
/// <typeparam name="T">A record, or a list of records.</typeparam>
internal sealed record ServiceNowResult<T>(T? Result);
