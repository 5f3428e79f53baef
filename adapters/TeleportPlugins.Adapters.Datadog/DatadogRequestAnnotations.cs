using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Adapters.Datadog;

/// <summary>The <c>[datadog.request_annotations]</c> table: which system annotation names the on-call teams.</summary>
public sealed class DatadogRequestAnnotations
{
    /// <summary>The annotation naming the teams (handle or name) whose on-call users are auto-approved.</summary>
    [Required]
    [ConfigurationKeyName("schedules")]
    public string Schedules { get; set; } = "teleport.dev/schedules";
}
