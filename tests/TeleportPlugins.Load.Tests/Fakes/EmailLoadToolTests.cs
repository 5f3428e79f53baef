using TeleportPlugins.Fakes;
using System.Net;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Adapters.Email;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Load.Fakes.Email;
using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Tests.Support;

namespace TeleportPlugins.Load.Tests.Fakes;

public sealed class EmailLoadToolTests : LoadToolTests<EmailLoadTool>
{
    private protected override string AdapterName => "email";

    private protected override string WrongCredentialsHealth => "HTTP 401 (the credentials were rejected)";

    [Test]
    public async Task Domains_WrongKey_401Forbidden()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["email"]), FaultPlan.None);

        var (body, mediaType) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.Unauthorized, HttpMethod.Get, new Uri($"{tool.ApiUrl}/domains/{tool.Domain}"), null, ("Authorization", Basic("api:not-the-key")));

        Assert.That((body, mediaType), Is.EqualTo(("Forbidden", "text/plain")));
    }

    [Test]
    public async Task Messages_WithoutText_400MissingParameter()
    {
        await using var tool = await StartAsync(new ArrivalLog(1, ["email"]), FaultPlan.None);
        using var form = new FormUrlEncodedContent([new("from", tool.Sender), new("to", tool.Reviewer), new("subject", "Role Request")]);

        var (body, _) = await LoadAssertions.RefusedAsync(tool, HttpStatusCode.BadRequest, HttpMethod.Post, new Uri($"{tool.ApiUrl}/{tool.Domain}/messages"), form, ("Authorization", Basic($"api:{tool.ApiKey}")));
        using var error = JsonDocument.Parse(body);

        Assert.That(error.RootElement.GetProperty("message").GetString(), Is.EqualTo("'text' parameter is missing"));
    }

    private protected override Task<EmailLoadTool> StartAsync(ArrivalLog log, FaultPlan faults) => EmailLoadTool.StartAsync(log, faults);

    private protected override AdapterLoadRun Run(EmailLoadTool tool, bool wrongCredentials = false) => new(
        new EmailAdapterFactory(),
        new EmailOptions
        {
            Mailgun = new MailgunOptions { Domain = tool.Domain, PrivateKey = wrongCredentials ? "not-the-key" : tool.ApiKey, ApiUrl = tool.ApiUrl },
            Delivery = new DeliveryOptions { Sender = tool.Sender },
            RoleToRecipients = AdapterHarness.Recipients(("*", [tool.Reviewer])),
        });

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
}
