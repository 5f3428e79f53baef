using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Host.Configuration;

/// <summary>The <c>[log]</c> section, with the anchor plugins' keys.</summary>
internal sealed class LogOptions : IValidatableObject
{
    /// <summary>The section name.</summary>
    public const string SectionName = "log";

    private static readonly string[] Severities = ["debug", "info", "warn", "warning", "error"];
    private static readonly string[] Formats = ["text", "json"];

    /// <summary><c>stderr</c> (default), <c>stdout</c>, or a file path.</summary>
    [ConfigurationKeyName("output")]
    public string Output { get; set; } = "stderr";

    /// <summary><c>debug</c>, <c>info</c> (default), <c>warn</c> or <c>error</c>, in any case.</summary>
    [ConfigurationKeyName("severity")]
    public string Severity { get; set; } = "info";

    /// <summary><c>text</c> (default: one line per event) or <c>json</c> (one JSON object per line), in any case.</summary>
    [ConfigurationKeyName("format")]
    public string Format { get; set; } = "text";

    /// <summary>Whether <see cref="Format"/> asks for JSON lines.</summary>
    public bool IsJson => Format.Equals("json", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Severities.Contains(Severity, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"must be debug, info, warn or error, not '{Severity}'", [nameof(Severity)]);
        }

        if (string.IsNullOrWhiteSpace(Output))
        {
            yield return new ValidationResult("must be stderr, stdout or a file path", [nameof(Output)]);
        }

        if (!Formats.Contains(Format, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"must be text or json, not '{Format}'", [nameof(Format)]);
        }
    }
}
