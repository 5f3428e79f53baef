using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Email;

/// <summary>The e-mail adapter's entry point: <c>[email]</c> with SMTP or Mailgun.</summary>
public sealed class EmailAdapterFactory : AccessRequestAdapterFactory<EmailOptions>
{
    /// <inheritdoc />
    public override string Name => "email";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IMailTransport transport = options.Smtp is { } smtp
            ? new SmtpMailTransport(smtp, options.Delivery.Sender, options.Timeout, context.TimeProvider)
            : new MailgunMailTransport(context.HttpClient, options.Mailgun!, options.Delivery.Sender, options.Timeout, context.TimeProvider);
        return new EmailAdapter(context, options, transport);
    }
}
