using System.Text;

namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>
/// The bytes of one credentials file, read once so that parsing and change detection see the same content.
/// A class rather than a record on purpose: a record's generated ToString would print the key material.
/// </summary>
internal sealed class SourceFile
{
    private SourceFile(string role, string path, byte[] content)
    {
        Role = role;
        Path = path;
        Content = content;
    }

    /// <summary>What the file holds, as error messages call it, e.g. "identity file".</summary>
    public string Role { get; }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>The raw content.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Role and path, the prefix of every message about this file.</summary>
    public string Description => $"{Role} {Path}";

    /// <summary>The content as text; PEM and OpenSSH lines are ASCII.</summary>
    public string Text => Encoding.UTF8.GetString(Content.Span);

    /// <summary>Reads <paramref name="path"/>, turning each I/O failure into one message that names the file.</summary>
    public static SourceFile Read(string role, string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            // Reading a directory fails as "access denied" on Linux, which would send people looking at permissions.
            throw new TeleportCredentialsException($"{role} {fullPath}: is a directory, expected a file");
        }

        try
        {
            return new SourceFile(role, fullPath, File.ReadAllBytes(fullPath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TeleportCredentialsException($"{role} {fullPath}: file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TeleportCredentialsException($"{role} {fullPath}: permission denied", e);
        }
        catch (IOException e)
        {
            throw new TeleportCredentialsException($"{role} {fullPath}: cannot be read: {e.Message}", e);
        }
    }
}
