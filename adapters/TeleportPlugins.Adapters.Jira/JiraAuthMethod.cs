namespace TeleportPlugins.Adapters.Jira;

/// <summary>How the adapter authenticates to Jira.</summary>
public enum JiraAuthMethod
{
    /// <summary>HTTP Basic: Cloud e-mail + API token, or a legacy Server user + password.</summary>
    Basic = 0,

    /// <summary>A Data Center personal access token sent as a bearer token.</summary>
    Bearer = 1,
}
