using System.Text.Json;
using TeleportPlugins.Adapters.GitLab;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class GitLabLoadToolTests : LoadToolTests
{
    protected override IAccessRequestAdapterFactory Factory { get; } = new GitLabAdapterFactory();

    protected override (HttpMethod Method, string Path, Dictionary<string, string> Headers) WrongCredentialCall(object options)
    {
        var gitlab = (GitLabOptions)options;
        return (HttpMethod.Get, $"api/v4/projects/{gitlab.ProjectId}", new() { ["PRIVATE-TOKEN"] = gitlab.Token + "-wrong" });
    }

    protected override void AssertRefusal(int status, JsonElement refusal)
    {
        Assert.That(status, Is.EqualTo(401));
        Assert.That(refusal.GetProperty("message").GetString(), Is.EqualTo("401 Unauthorized"));
    }
}
