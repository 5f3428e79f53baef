namespace TeleportPlugins.Adapters.Jira.Api;

/// <summary>A Jira user as the API shows it: Cloud has <c>accountId</c>, Data Center <c>name</c>; the e-mail may be hidden.</summary>
internal sealed record JiraUser(string? AccountId, string? Name, string? EmailAddress, string? DisplayName)
{
    /// <summary>A stable identity for comparing authors: the Cloud account ID, else the Server user name.</summary>
    public string? Identity => string.IsNullOrEmpty(AccountId) ? Name : AccountId;
}
