using TeleportPlugins.Host.Cli;
using TeleportPlugins.Host.Configuration;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Opens a configuration the way <c>start</c> and <c>check</c> do.</summary>
internal static class ConfiguredHost
{
    public static ConfigurationSession Open(AdapterHarness harness, string configPath)
    {
        var session = ConfigurationSession.Open(configPath, harness.Logs);
        return session;
    }

    public static (HostSettings Settings, IReadOnlyList<ConfiguredAdapter> Configured) OpenValid(AdapterHarness harness, string configPath)
    {
        var session = Open(harness, configPath);
        Assert.That(session.Problems.Messages, Is.Empty, "configuration problems");
        return (session.Settings!, session.Configured);
    }
}
