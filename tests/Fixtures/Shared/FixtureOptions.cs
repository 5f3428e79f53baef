using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace Fixture.Adapters;

public sealed class FixtureOptions
{
    [ConfigurationKeyName("output")]
    public string Output { get; set; } = string.Empty;

    [ConfigurationKeyName("fail_health")]
    public bool FailHealth { get; set; }

    /// <summary>Fails this many health checks, then passes (a tool briefly unavailable at start-up).</summary>
    [ConfigurationKeyName("fail_health_times")]
    public int FailHealthTimes { get; set; }

    /// <summary>A secret that a failing health check quotes back, as a careless library might.</summary>
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;

    [ConfigurationKeyName("fail_create")]
    public bool FailCreate { get; set; }

    /// <summary>"throw" makes every step throw; "hang" makes every step wait until cancelled.</summary>
    [ConfigurationKeyName("misbehave")]
    public string Misbehave { get; set; } = string.Empty;
}
