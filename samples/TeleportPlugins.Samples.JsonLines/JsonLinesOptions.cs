using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace TeleportPlugins.Samples.JsonLines;

/// <summary>The <c>[jsonl]</c> section.</summary>
public sealed class JsonLinesOptions
{
    /// <summary>The file to append to.</summary>
    [Required]
    [ConfigurationKeyName("path")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Also write each line to the host's log.</summary>
    [ConfigurationKeyName("echo")]
    public bool Echo { get; set; }
}
