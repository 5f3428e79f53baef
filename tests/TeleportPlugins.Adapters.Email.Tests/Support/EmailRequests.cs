using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>Access requests for the e-mail tests.</summary>
public static class EmailRequests
{
    /// <summary>A pending request by alice@example.com for the "dev" role with one suggested reviewer.</summary>
    /// <returns>The snapshot.</returns>
    public static AccessRequestSnapshot Pending() => new()
    {
        Id = "5f2a3c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b",
        Cluster = "teleport.example.com",
        User = "alice@example.com",
        Roles = ["dev"],
        Resources = [new RequestedResource("teleport.example.com", "node", "db-1")],
        Reason = "deploy hotfix INC-42",
        State = AccessRequestState.Pending,
        Created = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
        SuggestedReviewers = ["carol@example.com", "bob"],
        WebUiLink = new Uri("https://teleport.example.com/web/requests/5f2a3c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"),
    };

    /// <summary>An approval review by bob@example.com.</summary>
    /// <returns>The review.</returns>
    public static AccessReview Approval() =>
        new("bob@example.com", AccessRequestState.Approved, "looks fine", new DateTimeOffset(2026, 11, 21, 9, 5, 0, TimeSpan.Zero));

    /// <summary>The role map: "dev" to the dev manager, everything else to the admins.</summary>
    /// <returns>The map.</returns>
    public static RoleToRecipients Recipients() => new(
    [
        new("dev", ["dev-manager@example.com"]),
        new("*", ["root@example.com"]),
    ]);
}
