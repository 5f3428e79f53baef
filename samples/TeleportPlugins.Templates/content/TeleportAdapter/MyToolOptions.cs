using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;

namespace MyTool;

/// <summary>
/// The <c>[mytool]</c> section of the host's configuration. The host binds it, checks the data annotations at start-up
/// and in <c>check</c>, and names file, line and key in each problem.
/// </summary>
public sealed class MyToolOptions
{
    /// <summary>MyTool's API base address, ending with <c>/</c>.</summary>
    [Required]
    [ConfigurationKeyName("url")]
    public Uri? Url { get; set; }

    /// <summary>The API token: inline or an absolute path to a file holding it; never logged.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("token")]
    public string Token { get; set; } = string.Empty;
}
