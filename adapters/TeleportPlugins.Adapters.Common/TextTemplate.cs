using System.Text;

namespace TeleportPlugins.Adapters.Common;

/// <summary>
/// A message template users can override in configuration: literal text with <c>{{placeholder}}</c> slots. Parsed
/// once at start-up so a broken template is a configuration error naming its key, never a failure at send time.
/// </summary>
public sealed class TextTemplate
{
    private readonly IReadOnlyList<(string Text, bool IsPlaceholder)> _parts;

    private TextTemplate(string source, IReadOnlyList<(string Text, bool IsPlaceholder)> parts)
    {
        Source = source;
        _parts = parts;
    }

    /// <summary>The template text as written.</summary>
    public string Source { get; }

    /// <summary>Parses a template, or says exactly what is wrong with it.</summary>
    /// <param name="source">The template text.</param>
    /// <param name="placeholders">The placeholder names this template may use.</param>
    /// <param name="template">The template, when valid.</param>
    /// <param name="error">What is wrong, with the 1-based position, when invalid.</param>
    /// <returns>Whether the template is valid.</returns>
    public static bool TryParse(string source, IReadOnlyCollection<string> placeholders, out TextTemplate? template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(placeholders);
        var parts = new List<(string, bool)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < source.Length)
        {
            if (source[i] == '}' && i + 1 < source.Length && source[i + 1] == '}')
            {
                (template, error) = (null, $"'}}}}' without an opening '{{{{' at position {i + 1}");
                return false;
            }

            if (source[i] != '{' || i + 1 >= source.Length || source[i + 1] != '{')
            {
                literal.Append(source[i++]);
                continue;
            }

            var close = source.IndexOf("}}", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                (template, error) = (null, $"'{{{{' at position {i + 1} is never closed with '}}}}'");
                return false;
            }

            var name = source[(i + 2)..close].Trim();
            if (!placeholders.Contains(name))
            {
                (template, error) = (null, $"unknown placeholder '{{{{{name}}}}}' at position {i + 1}; known: {string.Join(", ", placeholders.Order(StringComparer.Ordinal).Select(p => $"{{{{{p}}}}}"))}");
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), false));
                literal.Clear();
            }

            parts.Add((name, true));
            i = close + 2;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), false));
        }

        (template, error) = (new TextTemplate(source, parts), null);
        return true;
    }

    /// <summary>Parses a template known to be valid (the adapters' defaults).</summary>
    /// <param name="source">The template text.</param>
    /// <param name="placeholders">The allowed placeholder names.</param>
    /// <returns>The template.</returns>
    public static TextTemplate Parse(string source, IReadOnlyCollection<string> placeholders) =>
        TryParse(source, placeholders, out var template, out var error) ? template! : throw new FormatException(error);

    /// <summary>Fills the placeholders. Values are inserted as given: escape them for the tool's markup first.</summary>
    /// <param name="values">A value for every placeholder the template uses (missing ones render empty).</param>
    /// <returns>The text.</returns>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        foreach (var (text, isPlaceholder) in _parts)
        {
            builder.Append(isPlaceholder ? values.GetValueOrDefault(text, string.Empty) : text);
        }

        return builder.ToString();
    }
}
