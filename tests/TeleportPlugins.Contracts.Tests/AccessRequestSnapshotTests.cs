namespace TeleportPlugins.Contracts.Tests;

public sealed class AccessRequestSnapshotTests
{
    [Test]
    public void Init_CollectionsAreCopied_SnapshotNeverChangesAfterwards()
    {
        var roles = new List<string> { "dev" };
        var annotations = new Dictionary<string, IReadOnlyList<string>> { ["pagerduty_services"] = new List<string> { "db" } };
        var snapshot = new AccessRequestSnapshot { Id = "r1", Cluster = "c", User = "alice", Roles = roles, SystemAnnotations = annotations };

        roles.Add("admin");
        annotations["teleport.dev/schedules"] = ["sre"];
        ((List<string>)annotations["pagerduty_services"]).Add("web");

        Assert.That(snapshot.Roles, Is.EqualTo(new[] { "dev" }));
        Assert.That(snapshot.SystemAnnotations.Keys, Is.EqualTo(new[] { "pagerduty_services" }));
        Assert.That(snapshot.SystemAnnotations["pagerduty_services"], Is.EqualTo(new[] { "db" }));
    }

    [TestCase(AccessRequestState.Pending, false)]
    [TestCase(AccessRequestState.Approved, true)]
    [TestCase(AccessRequestState.Denied, true)]
    [TestCase(AccessRequestState.Promoted, true)]
    public void IsResolved_FollowsTeleportsDefinition(AccessRequestState state, bool resolved)
    {
        var snapshot = new AccessRequestSnapshot { Id = "r1", Cluster = "c", User = "alice", State = state };

        Assert.That(snapshot.IsResolved, Is.EqualTo(resolved));
    }

    [Test]
    public void RequestResolvedContext_PendingRequest_Refused()
    {
        var snapshot = new AccessRequestSnapshot { Id = "r1", Cluster = "c", User = "alice" };

        Assert.That(() => new RequestResolvedContext(snapshot, new AdapterRequestState()), Throws.ArgumentException.With.Message.Contains("Pending"));
    }

    [Test]
    public void RequestResolvedContext_ExposesResolutionAndReason()
    {
        var snapshot = new AccessRequestSnapshot { Id = "r1", Cluster = "c", User = "alice", State = AccessRequestState.Denied, ResolveReason = "not today" };

        var context = new RequestResolvedContext(snapshot, new AdapterRequestState());

        Assert.That((context.Resolution, context.Reason), Is.EqualTo((AccessRequestState.Denied, "not today")));
    }

    [TestCase("", "/east/node/db-1")]
    [TestCase("prod", "/east/node/db-1/prod")]
    public void RequestedResource_ToString_TeleportsResourceIdForm(string sub, string expected)
    {
        Assert.That(new RequestedResource("east", "node", "db-1", sub).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void RequestStates_HaveTeleportsWireNumbers()
    {
        Assert.That(
            new[] { AccessRequestState.None, AccessRequestState.Pending, AccessRequestState.Approved, AccessRequestState.Denied, AccessRequestState.Promoted }.Select(s => (int)s),
            Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }
}
