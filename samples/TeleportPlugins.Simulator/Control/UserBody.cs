namespace TeleportPlugins.Simulator.Control;

/// <summary>POST /users: a Teleport user with roles and traits (e.g. <c>{"slack_uid": ["U123"]}</c>).</summary>
internal sealed record UserBody
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Traits { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
