using System.ComponentModel.DataAnnotations;

namespace TeleportPlugins.Adapters.Common.Messaging;

/// <summary>
/// The four message templates a chat adapter renders, each overridable in configuration. Placeholder values are
/// escaped for the tool's markup before they are inserted.
/// </summary>
/// <param name="Message">The request's details (<see cref="MessagePlaceholders"/>).</param>
/// <param name="Status">The status part of the request message (<see cref="StatusPlaceholders"/>).</param>
/// <param name="Review">A review's thread reply (<see cref="ReviewPlaceholders"/>).</param>
/// <param name="Requester">The direct message telling the requester the outcome (<see cref="RequesterPlaceholders"/>).</param>
public sealed record ChatTemplates(TextTemplate Message, TextTemplate Status, TextTemplate Review, TextTemplate Requester)
{
    /// <summary>Placeholders of the request message: id, cluster, user, roles, resources, reason, link, created.</summary>
    public static IReadOnlyCollection<string> MessagePlaceholders { get; } = ["id", "cluster", "user", "roles", "resources", "reason", "link", "created"];

    /// <summary>Placeholders of the status part: id, status, resolution_reason and reviews (each rendered with its label, empty when there is none).</summary>
    public static IReadOnlyCollection<string> StatusPlaceholders { get; } = ["id", "status", "resolution_reason", "reviews"];

    /// <summary>Placeholders of a review reply: id, author, state, reason, time.</summary>
    public static IReadOnlyCollection<string> ReviewPlaceholders { get; } = ["id", "author", "state", "reason", "time"];

    /// <summary>Placeholders of the requester's direct message: id, status, resolution_reason, link.</summary>
    public static IReadOnlyCollection<string> RequesterPlaceholders { get; } = ["id", "status", "resolution_reason", "link"];

    /// <summary>The default request message, as Teleport's plugins word it.</summary>
    /// <param name="bold">The tool's bold marker: "*" for Slack, "**" for Markdown.</param>
    /// <returns>The template text.</returns>
    public static string DefaultMessage(string bold) =>
        $"You have a new Role Request:\n{bold}ID{bold}: {{{{id}}}}\n{bold}Cluster{bold}: {{{{cluster}}}}\n{bold}User{bold}: {{{{user}}}}\n"
        + $"{bold}Role(s){bold}: {{{{roles}}}}\n{bold}Resource(s){bold}: {{{{resources}}}}\n{bold}Reason{bold}: {{{{reason}}}}\n{{{{link}}}}";

    /// <summary>The default status part.</summary>
    /// <param name="bold">The tool's bold marker.</param>
    /// <returns>The template text.</returns>
    public static string DefaultStatus(string bold) => $"{bold}Status{bold}: {{{{status}}}}{{{{resolution_reason}}}}{{{{reviews}}}}";

    /// <summary>The default review reply.</summary>
    /// <returns>The template text.</returns>
    public static string DefaultReview() => "{{author}} reviewed the request at {{time}}.\nResolution: {{state}}.\nReason: {{reason}}";

    /// <summary>The default direct message to the requester.</summary>
    /// <param name="bold">The tool's bold marker.</param>
    /// <returns>The template text.</returns>
    public static string DefaultRequester(string bold) => $"Request with ID {{{{id}}}} has been updated: {bold}{{{{status}}}}{bold}{{{{resolution_reason}}}}\n{{{{link}}}}";

    /// <summary>Parses the four templates, or throws when one is broken (call <see cref="Validate"/> first).</summary>
    /// <param name="message">The request message template.</param>
    /// <param name="status">The status template.</param>
    /// <param name="review">The review reply template.</param>
    /// <param name="requester">The requester message template.</param>
    /// <returns>The templates.</returns>
    public static ChatTemplates Parse(string message, string status, string review, string requester) => new(
        TextTemplate.Parse(message, MessagePlaceholders),
        TextTemplate.Parse(status, StatusPlaceholders),
        TextTemplate.Parse(review, ReviewPlaceholders),
        TextTemplate.Parse(requester, RequesterPlaceholders));

    /// <summary>Checks the four templates, naming the option property of each broken one so the host reports its key.</summary>
    /// <param name="message">The request message template and its property name.</param>
    /// <param name="status">The status template and its property name.</param>
    /// <param name="review">The review reply template and its property name.</param>
    /// <param name="requester">The requester message template and its property name.</param>
    /// <returns>One result per broken template.</returns>
    public static IEnumerable<ValidationResult> Validate(
        (string Source, string Property) message,
        (string Source, string Property) status,
        (string Source, string Property) review,
        (string Source, string Property) requester)
    {
        foreach (var (source, property, placeholders) in new[]
        {
            (message.Source, message.Property, MessagePlaceholders),
            (status.Source, status.Property, StatusPlaceholders),
            (review.Source, review.Property, ReviewPlaceholders),
            (requester.Source, requester.Property, RequesterPlaceholders),
        })
        {
            if (!TextTemplate.TryParse(source ?? string.Empty, placeholders, out _, out var error))
            {
                yield return new ValidationResult($"is not a valid template: {error}", [property]);
            }
        }
    }
}
