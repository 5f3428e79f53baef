using System.Security.Cryptography;
using System.Text;

namespace TeleportPlugins.Host.Http;

/// <summary>Checks an <c>Authorization: Basic</c> header in constant time.</summary>
internal sealed class BasicAuthentication(string user, string password)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes($"{user}:{password}");

    public bool IsAuthorized(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[scheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        // FixedTimeEquals returns early only on a length difference, which reveals nothing about the content.
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
