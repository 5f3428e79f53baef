using System.Reflection;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Runtime;

/// <summary>
/// Removes an adapter's secret option values from text the host shows about it. A start-up failure's text comes from
/// the adapter (an exception message, a health description) and ends up in the log and in the unauthenticated
/// <c>/readyz</c> body, so a token an adapter or one of its libraries quotes back must not pass through.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Redacted = "[redacted]";

    // Shorter values would garble ordinary words; the shipped adapters' secrets are tokens and passwords far longer.
    private const int ShortestRedacted = 4;
    private const int MaxDepth = 4;
    private readonly string[] _secrets;

    /// <summary>Collects the values of the <see cref="SecretAttribute"/> properties of <paramref name="options"/> and its nested sections.</summary>
    /// <param name="options">An adapter's bound options.</param>
    public SecretRedactor(object options)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        Collect(options, options.GetType().Assembly, secrets, 0);

        // Longest first, so that a secret containing another is removed whole.
        _secrets = [.. secrets.OrderByDescending(s => s.Length)];
    }

    /// <summary>The text with every secret value replaced by <c>[redacted]</c>.</summary>
    /// <param name="text">What an adapter said.</param>
    /// <returns>The text without secrets.</returns>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static void Collect(object? options, Assembly optionsAssembly, HashSet<string> secrets, int depth)
    {
        if (options is null || depth > MaxDepth)
        {
            return;
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            if (property.PropertyType == typeof(string))
            {
                if (property.GetCustomAttribute<SecretAttribute>() is not null && property.GetValue(options) is string { Length: >= ShortestRedacted } value)
                {
                    secrets.Add(value);
                }
            }
            else if (property.PropertyType.IsClass && property.PropertyType.Assembly == optionsAssembly)
            {
                // A nested section of the adapter's own options ([email.smtp], ...).
                Collect(property.GetValue(options), optionsAssembly, secrets, depth + 1);
            }
        }
    }
}
