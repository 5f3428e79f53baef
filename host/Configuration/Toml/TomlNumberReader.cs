using System.Globalization;

namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>Reads TOML integers and floats, checking the digit and underscore rules as it goes.</summary>
internal static class TomlNumberReader
{
    // Long enough for any float a person writes; longer ones go to the heap.
    private const int StackDigits = 128;

    /// <summary>Reads an integer or float at a sign, a digit, <c>inf</c> or <c>nan</c>.</summary>
    public static TomlValue Read(TomlCursor cursor, TomlPosition position)
    {
        var start = cursor.Index;
        var sign = cursor.Peek();
        if (sign is '+' or '-')
        {
            cursor.Advance();
        }

        var first = cursor.Peek();
        if (first is 'i' or 'n')
        {
            return ReadSpecialFloat(cursor, sign == '-', position);
        }

        if (first == '0' && cursor.Peek(1) is 'x' or 'o' or 'b')
        {
            return sign is '+' or '-'
                ? throw cursor.Error("hexadecimal, octal and binary integers cannot have a sign")
                : ReadPrefixedInteger(cursor, position);
        }

        var digitsStart = cursor.Index;
        var digitsPosition = cursor.Position;
        ReadDigits(cursor, 10, "an integer", allowLeadingZeros: false);
        var isFloat = false;
        if (cursor.TryConsume('.'))
        {
            ReadDigits(cursor, 10, "the fraction of a float", allowLeadingZeros: true);
            isFloat = true;
        }

        if (cursor.Peek() is 'e' or 'E')
        {
            cursor.Advance();
            if (cursor.Peek() is '+' or '-')
            {
                cursor.Advance();
            }

            ReadDigits(cursor, 10, "the exponent of a float", allowLeadingZeros: true);
            isFloat = true;
        }

        if (isFloat)
        {
            return new TomlFloat(ParseFloat(cursor.SliceFrom(start)), position);
        }

        // The magnitude of long.MinValue is one more than long.MaxValue.
        var limit = sign == '-' ? (ulong)long.MaxValue + 1 : long.MaxValue;
        var magnitude = ParseMagnitude(cursor, cursor.SliceFrom(digitsStart), 10, limit, digitsPosition);
        return new TomlInteger(sign == '-' ? (long)(0 - magnitude) : (long)magnitude, position);
    }

    private static TomlFloat ReadSpecialFloat(TomlCursor cursor, bool negative, TomlPosition position)
    {
        if (cursor.StartsWith("inf"))
        {
            cursor.Advance(3);
            return new TomlFloat(negative ? double.NegativeInfinity : double.PositiveInfinity, position);
        }

        if (cursor.StartsWith("nan"))
        {
            cursor.Advance(3);
            return new TomlFloat(double.NaN, position);
        }

        throw cursor.Error("expected a value; did you mean inf or nan (lowercase)?");
    }

    private static TomlInteger ReadPrefixedInteger(TomlCursor cursor, TomlPosition position)
    {
        var (radix, what) = cursor.Peek(1) switch
        {
            'x' => (16, "a hexadecimal integer"),
            'o' => (8, "an octal integer"),
            _ => (2, "a binary integer"),
        };
        cursor.Advance(2);
        var digitsStart = cursor.Index;
        var digitsPosition = cursor.Position;
        ReadDigits(cursor, radix, what, allowLeadingZeros: true);
        return new TomlInteger((long)ParseMagnitude(cursor, cursor.SliceFrom(digitsStart), radix, long.MaxValue, digitsPosition), position);
    }

    // One or more digits with single underscores between them, e.g. 1_000.
    private static void ReadDigits(TomlCursor cursor, int radix, string what, bool allowLeadingZeros)
    {
        var first = cursor.Peek();
        if (!IsDigit(first, radix))
        {
            throw cursor.Error("expected a digit in " + what + ", found " + cursor.DescribeNext());
        }

        var leadingZeroPosition = cursor.Position;
        cursor.Advance();
        while (true)
        {
            var c = cursor.Peek();
            if (c == '_')
            {
                if (!IsDigit(cursor.Peek(1), radix))
                {
                    throw cursor.Error("an underscore in a number must be between two digits");
                }

                cursor.Advance();
                continue;
            }

            if (!IsDigit(c, radix))
            {
                return;
            }

            if (first == '0' && !allowLeadingZeros)
            {
                throw cursor.ErrorAt(leadingZeroPosition, "leading zeros are not allowed in " + what);
            }

            cursor.Advance();
        }
    }

    private static bool IsDigit(int c, int radix)
    {
        var value = TomlCharacters.HexValue(c);
        return value >= 0 && value < radix;
    }

    // The digits were validated while reading; only their value can still be out of range.
    private static ulong ParseMagnitude(TomlCursor cursor, ReadOnlySpan<char> digits, int radix, ulong limit, TomlPosition position)
    {
        ulong magnitude = 0;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                continue;
            }

            var digit = (ulong)TomlCharacters.HexValue(c);
            if (magnitude > (limit - digit) / (ulong)radix)
            {
                throw cursor.ErrorAt(position, "the integer does not fit in 64 bits (range -9223372036854775808 to 9223372036854775807)");
            }

            magnitude = (magnitude * (ulong)radix) + digit;
        }

        return magnitude;
    }

    private static double ParseFloat(ReadOnlySpan<char> literal)
    {
        // The literal was validated while reading; only the underscores stand between it and double.Parse.
        var buffer = literal.Length <= StackDigits ? stackalloc char[StackDigits] : new char[literal.Length];
        var length = 0;
        foreach (var c in literal)
        {
            if (c != '_')
            {
                buffer[length++] = c;
            }
        }

        return double.Parse(buffer[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
