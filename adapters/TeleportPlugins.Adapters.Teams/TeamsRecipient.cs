namespace TeleportPlugins.Adapters.Teams;

/// <summary>
/// A configured recipient as Teleport's Teams plugin accepts it: a channel URL (the link Teams copies, with the
/// conversation ID in its path and the team in <c>groupId</c>), an Entra ID user ID, or an e-mail address.
/// </summary>
/// <param name="Kind">Which of the three.</param>
/// <param name="Id">The channel's conversation ID, the user ID or the e-mail address.</param>
/// <param name="TeamId">The channel's team (group) ID; null for users.</param>
internal sealed record TeamsRecipient(TeamsRecipientKind Kind, string Id, string? TeamId = null)
{
    /// <summary>The recipient, or null when it is none of the three forms.</summary>
    public static TeamsRecipient? Parse(string recipient)
    {
        if (Uri.TryCreate(recipient, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
        {
            // https://teams.microsoft.com/l/channel/<conversation id>/<channel name>?groupId=<team>&tenantId=<tenant>
            var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var team = QueryValue(url, "groupId");
            return segments is ["l", "channel", var conversation, ..] && team is not null
                ? new TeamsRecipient(TeamsRecipientKind.Channel, Uri.UnescapeDataString(conversation), team)
                : null;
        }

        if (Guid.TryParse(recipient, out var user))
        {
            return new TeamsRecipient(TeamsRecipientKind.UserId, user.ToString());
        }

        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == recipient.LastIndexOf('@') && recipient.IndexOf('.', at) > at + 1 && !recipient.Any(char.IsWhiteSpace)
            ? new TeamsRecipient(TeamsRecipientKind.Email, recipient)
            : null;
    }

    /// <summary>A query parameter of <paramref name="url"/>, unescaped (Graph's next links escape <c>$</c> or not).</summary>
    public static string? QueryValue(Uri url, string name)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(Uri.UnescapeDataString(pair[..eq]), name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }
}
