using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Http;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Configuration;

/// <summary>The host's own configuration, bound and validated, plus the raw configuration for adapter sections.</summary>
internal sealed record HostSettings
{
    /// <summary>The configuration file as the user named it.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The merged configuration: the file, overridden by <c>TELEPORT_PLUGINS__</c> environment variables.</summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>The <c>[teleport]</c> section.</summary>
    public required TeleportOptions Teleport { get; init; }

    /// <summary>The <c>[adapters]</c> section.</summary>
    public required AdaptersOptions Adapters { get; init; }

    /// <summary>The adapters directory, resolved to a full path.</summary>
    public required string AdaptersDirectory { get; init; }

    /// <summary>The <c>[log]</c> section.</summary>
    public required LogOptions Log { get; init; }

    /// <summary>The <c>[http]</c> section.</summary>
    public required HttpOptions Http { get; init; }

    /// <summary>The top-level <c>[role_to_recipients]</c>.</summary>
    public required RoleToRecipients RoleToRecipients { get; init; }

    /// <summary>Says where keys were written, for error messages.</summary>
    public required ConfigurationKeyLocator Locator { get; init; }
}
