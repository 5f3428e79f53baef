using System.Text;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>
/// Reads TOML 1.1 with Tomlyn and reports every error at once, each at its line and column, naming the key it is in,
/// and never quoting a value (it could be a secret).
/// </summary>
internal static partial class TomlReader
{
    // Each round reports at least one more line; a handful covers any real file, and the bound keeps a pathological one cheap.
    private const int MaxRounds = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file, which must be UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="sourceName">The name to report it under.</param>
    /// <returns>The tree and the errors.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TomlReadResult ReadFile(string path, string sourceName)
    {
        var bytes = File.ReadAllBytes(path);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            // Tomlyn takes text, so decoding is ours; say where the bad byte is rather than surface a decoder exception.
            var (line, column) = PositionOfByte(bytes, e.Index);
            return new TomlReadResult(null, [new TomlDiagnostic(line, column, null, "the file is not valid UTF-8")]);
        }

        return Parse(text, sourceName);
    }

    /// <summary>Parses text.</summary>
    /// <param name="text">The TOML text.</param>
    /// <param name="sourceName">The name to report it under.</param>
    /// <returns>The tree and the errors.</returns>
    public static TomlReadResult Parse(string text, string sourceName)
    {
        try
        {
            // Only the strict, validating parse rejects duplicate keys and redefined tables.
            return new TomlReadResult(SyntaxParser.ParseStrict(text, sourceName, validate: true), []);
        }
        catch (TomlException e)
        {
            // What did parse is still worth checking: the same text without validation gives the best-effort tree.
            var partial = SyntaxParser.Parse(text, sourceName, validate: false);
            var diagnostics = Describe(e.Diagnostics, partial, []);

            // Tomlyn validates (duplicate keys, redefined tables) only a document that parsed. Blanking the lines with
            // errors lets it validate the rest, so those mistakes are reported in the same run too.
            for (var round = 0; round < MaxRounds; round++)
            {
                var reported = diagnostics.Select(d => d.Line).ToHashSet();
                try
                {
                    SyntaxParser.ParseStrict(BlankLines(text, reported), sourceName, validate: true);
                    break;
                }
                catch (TomlException more)
                {
                    var added = Describe(more.Diagnostics, partial, reported);
                    if (added.Count == 0)
                    {
                        break;
                    }

                    diagnostics.AddRange(added);
                }
            }

            if (diagnostics.Count == 0)
            {
                diagnostics.Add(new TomlDiagnostic(e.Line ?? 1, e.Column ?? 1, null, "not valid TOML"));
            }

            return new TomlReadResult(partial, [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)]);
        }
    }

    private static List<TomlDiagnostic> Describe(DiagnosticsBag messages, DocumentSyntax partial, HashSet<int> skipLines) =>
    [
        .. messages
            .Where(d => d.Kind == DiagnosticMessageKind.Error)
            .Select(d => new TomlDiagnostic(d.Span.Start.Line + 1, d.Span.Start.Column + 1, KeyAt(partial, d.Span.Start.Offset), Sanitize(d.Message)))
            .Where(d => !skipLines.Contains(d.Line))
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Column)

            // After an error Tomlyn resynchronises at the next line; what else it says about the same line is that error's echo.
            .DistinctBy(d => d.Line),
    ];

    /// <summary>The text with the given 1-based lines turned to spaces, so every other position stays where it was.</summary>
    private static string BlankLines(string text, HashSet<int> lines)
    {
        var chars = text.ToCharArray();
        var line = 1;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\n')
            {
                line++;
            }
            else if (chars[i] != '\r' && lines.Contains(line))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    /// <summary>The dotted key, as written, of the key/value or table header at <paramref name="offset"/>.</summary>
    private static string? KeyAt(DocumentSyntax document, int offset)
    {
        if (FindKeyValue(document.KeyValues, offset) is { } rootKey)
        {
            return Display([], rootKey);
        }

        foreach (var table in document.Tables)
        {
            var header = TomlSyntaxFlattener.Parts(table.Name)?.Select(p => p.Name).ToList();
            if (header is null)
            {
                continue;
            }

            var headerEnd = (table.CloseBracket?.Span ?? table.Name!.Span).End.Offset;
            if (table.Span.Start.Offset <= offset && offset <= headerEnd)
            {
                return TomlPathSegment.ToDisplay(header.Select(TomlPathSegment.Of));
            }

            if (FindKeyValue(table.Items, offset) is { } key)
            {
                return Display(header, key);
            }
        }

        return null;
    }

    private static KeySyntax? FindKeyValue(SyntaxList<KeyValueSyntax> keyValues, int offset)
    {
        foreach (var keyValue in keyValues)
        {
            if (keyValue.Key is not null && keyValue.Span.Start.Offset <= offset && offset <= keyValue.Span.End.Offset)
            {
                return keyValue.Key;
            }
        }

        return null;
    }

    private static string? Display(IEnumerable<string> table, KeySyntax key) =>
        TomlSyntaxFlattener.Parts(key) is { } parts
            ? TomlPathSegment.ToDisplay(table.Concat(parts.Select(p => p.Name)).Select(TomlPathSegment.Of))
            : null;

    /// <summary>
    /// Tomlyn's message without the file's text: it quotes the offending token, or a whole earlier definition, which
    /// may hold a secret. Grammar it quotes (<c>expecting `]`</c>, <c>(token: `integer`)</c>) stays.
    /// </summary>
    internal static string Sanitize(string message)
    {
        var text = DuplicateKey().Replace(message, "already defined at line $1, column $2; a key or table can be defined only once");
        text = QuotedText().Replace(text, match => IsGrammar(match) ? match.Value : string.Empty);
        text = Spaces().Replace(text, " ").Trim();
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1])
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }

    private static bool IsGrammar(Match quoted)
    {
        var content = quoted.Groups["content"].Value;
        var before = quoted.Groups["before"].Value;
        return before.EndsWith("token: ", StringComparison.Ordinal)
            || before.EndsWith("expecting token ", StringComparison.Ordinal)
            || before.EndsWith("expecting ", StringComparison.Ordinal)
            || content.All(c => char.IsPunctuation(c) || char.IsSymbol(c) || c == '\u2424');
    }

    private static (int Line, int Column) PositionOfByte(byte[] bytes, int index)
    {
        index = Math.Clamp(index, 0, bytes.Length);
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(index - 1, 0)) + 1;
        if (index == 0)
        {
            lineStart = 0;
        }

        var line = 1 + bytes.AsSpan(0, lineStart).Count((byte)'\n');

        // Everything before the bad byte decoded, so its code points are the columns before it.
        var column = 1 + Encoding.UTF8.GetString(bytes, lineStart, index - lineStart).EnumerateRunes().Count();
        return (line, column);
    }

    [GeneratedRegex(@"^The key `.*` is already defined at \((\d+),(\d+)\) with `.*` and cannot be redefined$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"(?<before>(?:token: |expecting token |expecting )?)`(?<content>[^`]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
