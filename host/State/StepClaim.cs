using System.Globalization;

namespace TeleportPlugins.Host.State;

/// <summary>A replica's claim on a step, stored as <c>step|replica|unix ms</c> in <see cref="HostKeys.Claim"/>.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Replica">The claiming replica.</param>
/// <param name="At">When it claimed.</param>
internal sealed record StepClaim(string Step, string Replica, DateTimeOffset At)
{
    /// <summary>The stored form.</summary>
    /// <returns><c>step|replica|unix ms</c>.</returns>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Step}|{Replica}|{At.ToUnixTimeMilliseconds()}");

    /// <summary>Parses the stored form; a malformed value counts as a claim from the epoch, i.e. stale.</summary>
    /// <param name="value">The stored value.</param>
    /// <returns>The claim, or null when <paramref name="value"/> is empty.</returns>
    public static StepClaim? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split('|');
        return parts.Length == 3 && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? new StepClaim(parts[0], parts[1], DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : new StepClaim(value, string.Empty, DateTimeOffset.UnixEpoch);
    }
}
