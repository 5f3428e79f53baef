using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Jira;

/// <summary>The Jira adapter's entry point; its plugin data lives under "jira", as Teleport's Jira plugin's does.</summary>
public sealed class JiraAdapterFactory : AccessRequestAdapterFactory<JiraOptions>
{
    /// <inheritdoc />
    public override string Name => "jira";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, JiraOptions options) =>
        new JiraAdapter(context, options, new JiraApiClient(context.HttpClient, options));
}
