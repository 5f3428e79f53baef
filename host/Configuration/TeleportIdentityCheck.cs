using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Credentials;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Reads the <c>[teleport]</c> identity as <c>start</c> would, so that <c>check</c> and <c>start</c> report a missing,
/// unparsable, expired or not yet valid identity as a configuration problem naming the file, before anything is dialed.
/// </summary>
internal static class TeleportIdentityCheck
{
    /// <summary>Adds a problem when the identity the options name cannot be used at <paramref name="timeProvider"/>'s now.</summary>
    /// <param name="options">The bound <c>[teleport]</c> options.</param>
    /// <param name="timeProvider">The clock the validity is checked against.</param>
    /// <param name="problems">Receives the problem.</param>
    public static void Check(TeleportOptions options, TimeProvider timeProvider, ConfigurationProblems problems)
    {
        var identity = !string.IsNullOrWhiteSpace(options.Identity);
        var keyPair = !string.IsNullOrWhiteSpace(options.ClientKey) && !string.IsNullOrWhiteSpace(options.ClientCrt) && !string.IsNullOrWhiteSpace(options.RootCas);
        if (!identity && !keyPair)
        {
            // Neither form is complete: the options' own validation said so already.
            return;
        }

        try
        {
            IdentityLoader.Load(IdentitySource.FromOptions(options).Read(), timeProvider.GetUtcNow());
        }
        catch (TeleportCredentialsException e)
        {
            problems.Add(identity ? "teleport:identity" : "teleport:client_crt", e.Message);
        }
    }
}
