using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeleportPlugins.Host.AccessLists;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Simulator;
using TeleportPlugins.Simulator.Testing;

namespace TeleportPlugins.Host.Tests.AccessLists;

/// <summary>Access list reminders against the simulator, through the host's connection (AccessListService and plugin data on access_list).</summary>
public sealed class AccessListsOverTheWireTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RunOnce_TwoReplicasOverTheWire_EachOwnerOfNestedListsRemindedOnceAndRecordedOnTheAccessList()
    {
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions
        {
            PluginRoles = [SimulatorRoles.AccessPlugin, SimulatorRoles.AccessListReader],
        });
        peer.Server.UpsertAccessList(new SimulatedAccessList("payroll", "Payroll admins", Due, TimeSpan.FromDays(14), ["alice@example.com"], ["finance-leads"], [], []));
        peer.Server.UpsertAccessList(new SimulatedAccessList("finance-leads", "Finance leads", Due.AddYears(1), TimeSpan.FromDays(14), ["carol@example.com"], [], ["bob@example.com"], ["payroll"]));
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(2));
        var sender = new RecordingReminderSender();
        AccessListReminderRunner Replica() =>
            new(peer.Connection.AccessLists, () => [new ReminderSender("slack", sender)], () => "teleport.example.com:443", clock, NullLogger.Instance);

        await Replica().RunOnceAsync(CancellationToken.None);
        await Replica().RunOnceAsync(CancellationToken.None);

        // payroll's owners: alice, and finance-leads' members: bob and (through the cycle back to payroll) its members, none.
        Assert.That(sender.Owners(), Is.EqualTo(new[] { "alice@example.com", "bob@example.com" }));
        var recorded = peer.Server.GetAccessListPluginData("payroll")["slack"];
        Assert.That(recorded.Keys, Is.EquivalentTo(new[] { "reminded/alice@example.com", "reminded/bob@example.com" }));
        Assert.That(peer.Server.GetAccessListPluginData("finance-leads"), Is.Empty, "finance-leads is not due for a year");
    }

    [Test]
    public async Task Run_RoleWithoutAccessListRead_OneLineAndTheRestOfTheConnectionWorks()
    {
        await using var peer = await SimulatorTeleportPeer.StartAsync(new SimulatorOptions());
        peer.Server.UpsertAccessList(new SimulatedAccessList("payroll", "Payroll admins", Due, TimeSpan.FromDays(14), ["alice@example.com"], [], [], []));
        using var logs = new RecordingLoggerProvider();
        var clock = new FakeTimeProvider(Due - TimeSpan.FromDays(2));
        var logger = logs.CreateLogger("reminders");
        var runner = new AccessListReminderRunner(peer.Connection.AccessLists, () => [new ReminderSender("slack", new RecordingReminderSender())], () => null, clock, logger);
        var failure = Assert.ThrowsAsync<RpcException>(() => runner.RunOnceAsync(CancellationToken.None));
        Assert.That(failure!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));

        await new AccessListReminderService(runner, TimeSpan.FromHours(3), clock, logger).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(logs.Messages(LogLevel.Warning).Single(), Does.Contain("Access list review reminders are off"));
        Assert.That(await peer.Client.ListAllAsync(CancellationToken.None), Is.Empty, "access requests are still served");
    }
}
