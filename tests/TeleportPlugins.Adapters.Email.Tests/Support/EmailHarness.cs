using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.Email.Tests.Support;

/// <summary>The e-mail adapter in the host-like harness, sending from teleport@example.com to <see cref="EmailRequests.Recipients"/>.</summary>
internal static class EmailHarness
{
    /// <summary>Starts the adapter; each step moves <paramref name="clock"/> on by a second, as time passes between steps.</summary>
    /// <param name="smtp">The SMTP transport, or null.</param>
    /// <param name="mailgun">The Mailgun transport, or null.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The harness.</returns>
    public static AdapterHarness Start(SmtpOptions? smtp, MailgunOptions? mailgun, FakeTimeProvider clock) => new(
        new EmailAdapterFactory(),
        new EmailOptions { Smtp = smtp, Mailgun = mailgun, Delivery = new DeliveryOptions { Sender = "teleport@example.com" } },
        clock,
        EmailRequests.Recipients(),
        beforeEachStep: () => clock.Advance(TimeSpan.FromSeconds(1)));
}
