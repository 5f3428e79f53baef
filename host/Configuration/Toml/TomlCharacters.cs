namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>Character classes shared by the readers; they take <see cref="TomlCursor.EndOfText"/> too.</summary>
internal static class TomlCharacters
{
    /// <summary>True for ASCII 0-9; TOML digits are never other scripts' digits.</summary>
    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    /// <summary>The value of a hexadecimal digit (either case), or -1.</summary>
    public static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
