using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Adapters.Common;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.ServiceNow;

/// <summary>
/// The <c>[servicenow]</c> section. Teleport's ServiceNow plugin is hosted and has no TOML file, so the keys follow
/// its configuration fields (instance URL, user, token, close code) in this project's snake_case style.
/// </summary>
public sealed class ServiceNowOptions : IValidatableObject
{
    /// <summary>The instance URL, e.g. <c>https://example.service-now.com</c>; the Table API lives below it.</summary>
    [Required]
    [ConfigurationKeyName("url")]
    public Uri? Url { get; set; }

    /// <summary>The ServiceNow user the adapter authenticates as (HTTP Basic).</summary>
    [Required]
    [ConfigurationKeyName("username")]
    public string Username { get; set; } = string.Empty;

    /// <summary>Its password or API token, inline or as an absolute path to a file.</summary>
    [Required]
    [Secret]
    [ConfigurationKeyName("password")]
    public string Password { get; set; } = string.Empty;

    /// <summary>The close code resolved incidents get (one of the instance's <c>close_code</c> choices).</summary>
    [Required]
    [ConfigurationKeyName("close_code")]
    public string CloseCode { get; set; } = "Solution provided";

    /// <summary>The <c>incident_state</c> of approved (and promoted) requests' incidents: 6 Resolved, as Teleport's plugin.</summary>
    [Required]
    [ConfigurationKeyName("approved_state")]
    public string ApprovedState { get; set; } = "6";

    /// <summary>The <c>incident_state</c> of denied requests' incidents: 7 Closed, as Teleport's plugin.</summary>
    [Required]
    [ConfigurationKeyName("denied_state")]
    public string DeniedState { get; set; } = "7";

    /// <summary>The <c>incident_state</c> of expired or deleted requests' incidents: 6 Resolved, as Teleport's plugin.</summary>
    [Required]
    [ConfigurationKeyName("expired_state")]
    public string ExpiredState { get; set; } = "6";

    /// <summary>The <c>assignment_group</c> of new incidents (sys_id or name); empty leaves it unset, as Teleport's plugin does.</summary>
    [ConfigurationKeyName("assignment_group")]
    public string AssignmentGroup { get; set; } = string.Empty;

    /// <summary>Whether requesters on call in a rota named by <c>teleport.dev/schedules</c> are approved (off by default).</summary>
    [ConfigurationKeyName("auto_approve")]
    public bool AutoApprove { get; set; }

    /// <summary>The time zone of the "now" sent to the who-is-on-call API; empty means this process's time zone.</summary>
    [ConfigurationKeyName("time_zone")]
    public string TimeZone { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { } url && !ServiceUrl.IsSecure(url))
        {
            yield return new ValidationResult(ServiceUrl.InsecureMessage, [nameof(Url)]);
        }

        foreach (var (name, value) in new[] { (nameof(ApprovedState), ApprovedState), (nameof(DeniedState), DeniedState), (nameof(ExpiredState), ExpiredState) })
        {
            if (value.Length > 0 && !value.All(char.IsAsciiDigit))
            {
                yield return new ValidationResult($"'{value}' is not an incident_state value (a number such as 6 Resolved or 7 Closed)", [name]);
            }
        }

        if (TimeZone.Length > 0 && !TryFindTimeZone(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin)", [nameof(TimeZone)]);
        }
    }

    /// <summary>The instance base, ending with a slash.</summary>
    internal Uri ApiBase => new(Url!.AbsoluteUri.TrimEnd('/') + "/");

    /// <summary>The time zone for on-call queries, or null for the clock's local one.</summary>
    internal TimeZoneInfo? OnCallTimeZone => TimeZone.Length > 0 && TryFindTimeZone(TimeZone, out var zone) ? zone : null;

    private static bool TryFindTimeZone(string id, out TimeZoneInfo? zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = null;
            return false;
        }
    }
}
