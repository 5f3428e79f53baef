namespace TeleportPlugins.Fakes;

/// <summary>
/// A path with one variable segment, e.g. <c>/rest/api/2/issue/{id}/comment</c>: cheaper than a regular expression,
/// and the variable never spans a slash. Kestrel hands over paths already decoded, so the segment is returned as is.
/// </summary>
public sealed class PathTemplate
{
    private const string Variable = "{id}";
    private readonly string _prefix;
    private readonly string _suffix;

    /// <summary>Creates the template.</summary>
    /// <param name="template">A path containing <c>{id}</c> once.</param>
    public PathTemplate(string template)
    {
        var at = template.IndexOf(Variable, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"{template} has no {Variable}", nameof(template));
        }

        _prefix = template[..at];
        _suffix = template[(at + Variable.Length)..];
    }

    /// <summary>Whether <paramref name="path"/> is this template with a non-empty segment in place of <c>{id}</c>.</summary>
    /// <param name="path">A request path.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string path) =>
        path.Length > _prefix.Length + _suffix.Length
        && path.StartsWith(_prefix, StringComparison.Ordinal)
        && path.EndsWith(_suffix, StringComparison.Ordinal)
        && !path.AsSpan(_prefix.Length, path.Length - _prefix.Length - _suffix.Length).Contains('/');

    /// <summary>The segment in place of <c>{id}</c> of a path that <see cref="Matches"/>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The segment.</returns>
    public string Id(string path) => path[_prefix.Length..^_suffix.Length];
}
