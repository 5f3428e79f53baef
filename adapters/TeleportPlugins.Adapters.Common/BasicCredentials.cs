using System.Net.Http.Headers;
using System.Text;

namespace TeleportPlugins.Adapters.Common;

/// <summary>HTTP Basic credentials, for calling a tool and for checking a tool's calls to us.</summary>
public static class BasicCredentials
{
    /// <summary>The <c>Authorization</c> header for <paramref name="user"/> and <paramref name="password"/>.</summary>
    /// <param name="user">The user name or e-mail.</param>
    /// <param name="password">The password or API token.</param>
    /// <returns>The header value.</returns>
    public static AuthenticationHeaderValue Header(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Whether an inbound <c>Authorization</c> header carries exactly these credentials (constant time).</summary>
    /// <param name="authorization">The header value, or null when absent.</param>
    /// <param name="user">The expected user.</param>
    /// <param name="password">The expected password.</param>
    /// <returns>True only when the header matches.</returns>
    public static bool Matches(string? authorization, string user, string password) =>
        SecretComparison.AreEqual(Header(user, password).ToString(), authorization?.Trim());
}
