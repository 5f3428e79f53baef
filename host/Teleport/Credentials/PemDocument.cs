using System.Security.Cryptography;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// A text file split the way Teleport's identity-file decoder splits it: PEM blocks in order, and the other non-empty
/// lines (OpenSSH certificate and <c>@cert-authority</c> lines) kept as text.
/// </summary>
internal sealed class PemDocument
{
    private PemDocument(IReadOnlyList<PemBlock> blocks, IReadOnlyList<string> otherLines)
    {
        Blocks = blocks;
        OtherLines = otherLines;
    }

    /// <summary>The PEM blocks in file order.</summary>
    public IReadOnlyList<PemBlock> Blocks { get; }

    /// <summary>Non-empty lines outside PEM blocks, trimmed.</summary>
    public IReadOnlyList<string> OtherLines { get; }

    /// <summary>Splits <paramref name="file"/>; a block without END line or with bad base64 is an error naming the file.</summary>
    public static PemDocument Parse(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var blocks = new List<PemBlock>();
        var otherLines = new List<string>();
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                if (line.Length > 0)
                {
                    otherLines.Add(line);
                }

                continue;
            }

            var number = blocks.Count + 1;
            var start = i;
            i++;
            while (i < lines.Length && !IsMarker(lines[i], "-----END"))
            {
                i++;
            }

            // A second BEGIN before any END means this block's END line is missing.
            if (i == lines.Length || lines[(start + 1)..i].Any(l => IsMarker(l, "-----BEGIN")))
            {
                throw new TeleportCredentialsException($"{file.Description}: PEM block {number} ({LabelOf(line)}) has no END line");
            }

            blocks.Add(Decode(file, number, string.Join('\n', lines[start..(i + 1)].Select(l => l.Trim()))));
        }

        return new PemDocument(blocks, otherLines);
    }

    /// <summary>The first PEM block of <paramref name="file"/>, which should be <paramref name="expected"/>.</summary>
    public static PemBlock ParseFirstBlock(SourceFile file, string expected)
    {
        var blocks = Parse(file).Blocks;
        return blocks.Count > 0
            ? blocks[0]
            : throw new TeleportCredentialsException($"{file.Description}: no PEM block found; expected {expected}");
    }

    private static bool IsMarker(string line, string marker) => line.TrimStart().StartsWith(marker, StringComparison.Ordinal);

    private static PemBlock Decode(SourceFile file, int number, string text)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            // TryFind also rejects BEGIN and END labels that differ.
            throw new TeleportCredentialsException(
                $"{file.Description}: PEM block {number} ({LabelOf(text)}) is malformed (bad base64 or mismatched BEGIN/END lines)");
        }

        var data = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan()[fields.Base64Data], data, out var written) || written != data.Length)
        {
            throw new TeleportCredentialsException($"{file.Description}: PEM block {number} ({LabelOf(text)}) is malformed (bad base64)");
        }

        return new PemBlock(number, text[fields.Label], data);
    }

    private static string LabelOf(string beginLine)
    {
        const string begin = "-----BEGIN ";
        var end = beginLine.IndexOf("-----", begin.Length, StringComparison.Ordinal);
        return beginLine.StartsWith(begin, StringComparison.Ordinal) && end > begin.Length
            ? beginLine[begin.Length..end]
            : "no label";
    }
}
