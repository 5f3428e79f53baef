using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Simulator;

namespace TeleportPlugins.EndToEnd.Tests.Email;

/// <summary>Access list review reminders by e-mail from two host processes sharing one cluster.</summary>
public sealed class AccessListRemindersEndToEndTests
{
    [Test]
    public async Task TwoReplicas_DueAndOverdueListsWithNestedOwners_OneEmailPerOwner()
    {
        await using var mailgun = await MailgunApiFake.StartAsync();
        await using var cluster = await EndToEndCluster.StartAsync(new SimulatorOptions
        {
            PluginRoles = [SimulatorRoles.AccessPlugin, SimulatorRoles.AccessListReader],
        });
        cluster.InstallShippedAdapter("email");
        var now = DateTimeOffset.UtcNow;
        cluster.Server.UpsertAccessList(new SimulatedAccessList("payroll", "Payroll admins", now.AddDays(3), TimeSpan.FromDays(14), ["alice@example.com"], ["finance-leads"], [], []));
        cluster.Server.UpsertAccessList(new SimulatedAccessList("finance-leads", "Finance leads", now.AddDays(-2), TimeSpan.FromDays(14), ["dave@example.com"], [], ["bob@example.com"], []));
        cluster.Server.UpsertAccessList(new SimulatedAccessList("later", "Not yet", now.AddDays(60), TimeSpan.FromDays(14), ["erin@example.com"], [], [], []));
        var sections = $"""
            [role_to_recipients]
            "*" = "root@example.com"

            [email.mailgun]
            domain = "{mailgun.Domain}"
            private_key = "{mailgun.ApiKey}"
            api_url = "{mailgun.ApiUrl}"

            [email.delivery]
            sender = "teleport@example.com"

            [access_list_reminders]
            enabled = true
            adapters = ["email"]
            """;

        EndToEndCluster.Replica[] replicas =
        [
            await cluster.StartReplicaAsync("a", ["email"], sections),
            await cluster.StartReplicaAsync("b", ["email"], sections),
        ];
        await Eventually.HoldsAsync(
            () => replicas.All(r => r.Log.Contains("Access list reminder pass done", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            () => string.Join("\n---\n", replicas.Select(r => r.Log)));

        var reminders = mailgun.Messages.Where(m => m.Subject.StartsWith("Access List", StringComparison.Ordinal)).ToList();
        Assert.That(reminders.Select(m => (m.To, m.Subject)), Is.EquivalentTo(new[]
        {
            ("alice@example.com", "Access List Payroll admins is due for a review"),
            ("bob@example.com", "Access List Payroll admins is due for a review"),
            ("dave@example.com", "Access List Finance leads is past due for a review"),
        }));
        Assert.That(cluster.Server.GetAccessListPluginData("payroll")["email"].Keys, Is.EquivalentTo(new[] { "reminded/alice@example.com", "reminded/bob@example.com" }));
    }
}
