using TeleportPlugins.Fakes;
using TeleportPlugins.Fakes.Mailgun;
using TeleportPlugins.Load.Measure;

namespace TeleportPlugins.Load.Fakes.Email;

/// <summary>
/// E-mail for load runs, delivered through Mailgun's HTTP API: the shared <see cref="MailgunApiFake"/>, counted, and
/// an <c>[email]</c> section with <c>[email.mailgun]</c> that sends every request to one reviewer address. The adapter
/// always tells a requester whose user name is an e-mail address the outcome; that e-mail counts as an update.
/// </summary>
public sealed class EmailLoadTool : LoadTool
{
    private readonly MailgunApiFake _fake;

    private EmailLoadTool(MailgunApiFake fake)
        : base("email", fake.Server)
    {
        _fake = fake;
    }

    /// <summary>The sending domain registered with Mailgun.</summary>
    public string Domain => _fake.Domain;

    /// <summary>The API key the fake accepts.</summary>
    public string ApiKey => _fake.ApiKey;

    /// <summary>The From address.</summary>
    public string Sender { get; } = "teleport@load.example.com";

    /// <summary>The one recipient every request goes to.</summary>
    public string Reviewer { get; } = "reviewers@load.example.com";

    /// <summary>The Mailgun <c>api_url</c>, up to and including <c>/v3</c>.</summary>
    public Uri ApiUrl => _fake.ApiUrl;

    /// <inheritdoc />
    public override string ConfigSection => $"""
        [email]
        [email.mailgun]
        domain = "{Domain}"
        private_key = "{ApiKey}"
        api_url = "{ApiUrl}"
        [email.delivery]
        sender = "{Sender}"
        [email.role_to_recipients]
        "*" = ["{Reviewer}"]

        """;

    /// <summary>Starts the fake.</summary>
    /// <param name="log">Where accepted calls are counted (its tools include "email").</param>
    /// <param name="faults">The failures to inject.</param>
    /// <returns>The tool.</returns>
    public static async Task<EmailLoadTool> StartAsync(ArrivalLog log, FaultPlan faults)
    {
        const string domain = "mg.load.example.com";
        const string apiKey = "key-load7f3c2a9e5d00000000000000001";
        var fake = await MailgunApiFake.StartAsync(domain, apiKey, LoadTools.Options("email", log, faults));
        var tool = new EmailLoadTool(fake);
        fake.AddReviewers(tool.Reviewer);
        return tool;
    }
}
