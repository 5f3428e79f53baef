using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.GitLab;

/// <summary>The GitLab adapter's entry point; its plugin data lives under "gitlab".</summary>
public sealed class GitLabAdapterFactory : AccessRequestAdapterFactory<GitLabOptions>
{
    /// <inheritdoc />
    public override string Name => "gitlab";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, GitLabOptions options) =>
        new GitLabAdapter(context, options, new GitLabApiClient(context.HttpClient, options));
}
