using System.Text;

namespace TeleportPlugins.Fakes;

/// <summary>The exact <c>Authorization</c> value an HTTP Basic client sends, computed once so a fake compares strings.</summary>
internal static class BasicAuthorization
{
    /// <summary>The header value for <paramref name="user"/> and <paramref name="password"/>.</summary>
    /// <param name="user">The user name or e-mail.</param>
    /// <param name="password">The password or API token.</param>
    /// <returns><c>Basic base64(user:password)</c>.</returns>
    public static string Header(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
