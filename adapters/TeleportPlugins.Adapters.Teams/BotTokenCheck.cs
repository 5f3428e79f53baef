namespace TeleportPlugins.Adapters.Teams;

/// <summary>The outcome of <see cref="BotFrameworkTokens.VerifyAsync"/>.</summary>
/// <param name="Verdict">Whether the token verified, did not, or could not be checked now.</param>
/// <param name="Reason">Why not, for the log (never the token).</param>
/// <param name="ServiceUrl">The token's <c>serviceUrl</c> claim, which the activity's must equal.</param>
/// <param name="Endorsements">The channels the signing key is endorsed for; empty when the key names none.</param>
internal sealed record BotTokenCheck(BotTokenVerdict Verdict, string Reason, string? ServiceUrl, IReadOnlyList<string> Endorsements)
{
    public static BotTokenCheck Refused(string reason) => new(BotTokenVerdict.Refused, reason, null, []);
}
