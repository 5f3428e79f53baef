namespace TeleportPlugins.Contracts.Tests;

public sealed class RoleToRecipientsTests
{
    private static readonly RoleToRecipients Map = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["dev"] = ["#dev", "lead@example.com"],
        ["db"] = ["#db", "#dev"],
        ["*"] = ["#access-requests"],
    });

    [Test]
    public void Resolve_RoleWithOwnEntry_UsesItNotTheWildcard()
    {
        Assert.That(Map.Resolve(["dev"]), Is.EqualTo(new[] { "#dev", "lead@example.com" }));
    }

    [Test]
    public void Resolve_RoleWithoutEntry_FallsBackToWildcard()
    {
        Assert.That(Map.Resolve(["ops"]), Is.EqualTo(new[] { "#access-requests" }));
    }

    [Test]
    public void Resolve_SeveralRoles_DeduplicatesInOrder()
    {
        Assert.That(Map.Resolve(["dev", "db", "ops", "other"]), Is.EqualTo(new[] { "#dev", "lead@example.com", "#db", "#access-requests" }));
    }

    [Test]
    public void Resolve_EmptyMap_ReturnsNothing()
    {
        Assert.That(RoleToRecipients.Empty.Resolve(["dev"]), Is.Empty);
    }
}
