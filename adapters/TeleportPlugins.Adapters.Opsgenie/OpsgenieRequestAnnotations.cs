using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Adapters.Opsgenie;

/// <summary>The <c>[opsgenie.request_annotations]</c> table: which system annotations name schedules and teams.</summary>
public sealed class OpsgenieRequestAnnotations
{
    /// <summary>The annotation naming the schedules to notify (alert responders).</summary>
    [Required]
    [ConfigurationKeyName("notify_services")]
    public string NotifyServices { get; set; } = "teleport.dev/notify-services";

    /// <summary>The annotation naming the teams to notify (alert responders).</summary>
    [Required]
    [ConfigurationKeyName("teams")]
    public string Teams { get; set; } = "teleport.dev/teams";

    /// <summary>The annotation naming the schedules whose on-call users are auto-approved.</summary>
    [Required]
    [ConfigurationKeyName("schedules")]
    public string Schedules { get; set; } = "teleport.dev/schedules";
}
