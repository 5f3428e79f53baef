namespace TeleportPlugins.Fakes;

/// <summary>A call a fake accepted, kept so the ceiling measurement can send the same call again.</summary>
/// <param name="Method">The method.</param>
/// <param name="PathAndQuery">The path with its query.</param>
/// <param name="Headers">The headers that matter to the fake (authorization, content type, Discord's User-Agent).</param>
/// <param name="Body">The body.</param>
public sealed record SampledCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
