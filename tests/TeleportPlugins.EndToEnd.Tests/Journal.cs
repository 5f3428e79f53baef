using System.Text.Json;

namespace TeleportPlugins.EndToEnd.Tests;

/// <summary>What the sample JSON-lines adapter recorded, read from one or more replicas' files.</summary>
internal sealed record Journal(IReadOnlyList<JournalEntry> Entries)
{
    public static Journal Read(params string[] paths)
    {
        var entries = new List<JournalEntry>();
        foreach (var path in paths.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (!line.EndsWith('}'))
                {
                    continue; // the adapter is still writing this line
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                entries.Add(new JournalEntry(Text("step")!, Text("id")!, Text("author"), Text("resolution")));
            }
        }

        return new Journal(entries);
    }

    public IEnumerable<JournalEntry> For(string id) => Entries.Where(e => e.Id == id);

    public int Count(string step) => Entries.Count(e => e.Step == step);
}

/// <summary>One line of the journal.</summary>
internal sealed record JournalEntry(string Step, string Id, string? Author, string? Resolution);
