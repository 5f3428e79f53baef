using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Adapters.PagerDuty;

/// <summary>The <c>[pagerduty.request_annotations]</c> table: which system annotations name the services.</summary>
public sealed class PagerDutyRequestAnnotations
{
    /// <summary>The annotation whose first value names the service the incident is opened on.</summary>
    [Required]
    [ConfigurationKeyName("notify_service")]
    public string NotifyService { get; set; } = "pagerduty_notify_service";

    /// <summary>The annotation naming the services whose on-call users are auto-approved.</summary>
    [Required]
    [ConfigurationKeyName("services")]
    public string Services { get; set; } = "pagerduty_services";
}
