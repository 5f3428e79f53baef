using System.Text.Json;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.PagerDuty.Tests;

/// <summary>A service routed by Access Monitoring Rules replaces the notify-service annotation.</summary>
public sealed class PagerDutyRoutingTests
{
    private PagerDutyTestBed _bed = null!;
    private string _dbaService = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _bed = await PagerDutyTestBed.StartAsync();
        _bed.Fake.AddService("Teleport Notifications", "PEP0001");
        _dbaService = _bed.Fake.AddService("DBA Escalations", "PEP0002");
    }

    [TearDown]
    public async Task TearDownAsync() => await _bed.DisposeAsync();

    [Test]
    public async Task Created_RoutedService_IncidentOpensInTheFirstRoutedService()
    {
        var context = new RequestCreatedContext(PagerDutyTestBed.Request(), new AdapterRequestState()) { RoutedRecipients = ["DBA Escalations", "Teleport Notifications"] };

        await _bed.Adapter.OnRequestCreatedAsync(context, CancellationToken.None);

        using var body = JsonDocument.Parse(_bed.Fake.Server.RequestsTo("POST", "/incidents").Single().Body);
        Assert.That(body.RootElement.GetProperty("incident").GetProperty("service").GetProperty("id").GetString(), Is.EqualTo(_dbaService));
    }

    [Test]
    public async Task Created_RoutedServiceUnknown_PermanentFailureSayingItWasRouted()
    {
        var context = new RequestCreatedContext(PagerDutyTestBed.Request(), new AdapterRequestState()) { RoutedRecipients = ["No Such Service"] };

        var error = Assert.ThrowsAsync<PermanentAdapterException>(() => _bed.Adapter.OnRequestCreatedAsync(context, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("No Such Service").And.Contain("routed by Access Monitoring Rules"));
    }
}
