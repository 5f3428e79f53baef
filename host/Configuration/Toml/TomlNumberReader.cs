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
        var literalPosition = cursor.Position;
        var sign = cursor.Peek();
        var negative = sign == '-';
        var signed = sign is '+' or '-';
        if (signed)
        {
            cursor.Advance();
        }

        var first = cursor.Peek();
        if (first is 'i' or 'n')
        {
            return ReadSpecialFloat(cursor, negative, position);
        }

        if (first == '0' && cursor.Peek(1) is 'x' or 'o' or 'b')
        {
            if (signed)
            {
                throw cursor.Error("hexadecimal, octal and binary integers cannot have a sign");
            }

            return ReadRadixInteger(cursor, position);
        }

        ReadDigits(cursor, allowLeadingZeros: false, "an integer");
        var isFloat = false;
        if (cursor.TryConsume('.'))
        {
            ReadDigits(cursor, allowLeadingZeros: true, "the fraction of a float");
            isFloat = true;
        }

        if (cursor.Peek() is 'e' or 'E')
        {
            cursor.Advance();
            if (cursor.Peek() is '+' or '-')
            {
                cursor.Advance();
            }

            ReadDigits(cursor, allowLeadingZeros: true, "the exponent of a float");
            isFloat = true;
        }

        var literal = cursor.SliceFrom(start);
        return isFloat
            ? new TomlFloat(ParseFloat(literal), position)
            : new TomlInteger(ParseDecimal(cursor, literal, negative, literalPosition), position);
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

    // Digits with single underscores between them, e.g. 1_000; at least one digit.
    private static void ReadDigits(TomlCursor cursor, bool allowLeadingZeros, string what)
    {
        var first = cursor.Peek();
        if (first is not (>= '0' and <= '9'))
        {
            throw cursor.Error("expected a digit in " + what + ", found " + cursor.DescribeNext());
        }

        var leadingZeroPosition = cursor.Position;
        var digits = 0;
        while (true)
        {
            var c = cursor.Peek();
            if (c is >= '0' and <= '9')
            {
                digits++;
                cursor.Advance();
            }
            else if (c == '_')
            {
                if (cursor.Peek(1) is not (>= '0' and <= '9'))
                {
                    throw cursor.Error("an underscore in a number must be between two digits");
                }

                cursor.Advance();
            }
            else
            {
                break;
            }
        }

        if (!allowLeadingZeros && first == '0' && digits > 1)
        {
            throw cursor.ErrorAt(leadingZeroPosition, "leading zeros are not allowed in " + what);
        }
    }

    private static TomlInteger ReadRadixInteger(TomlCursor cursor, TomlPosition position)
    {
        var prefix = cursor.Peek(1);
        var (bits, name) = prefix switch
        {
            'x' => (4, "a hexadecimal"),
            'o' => (3, "an octal"),
            _ => (1, "a binary"),
        };
        cursor.Advance(2);
        if (DigitValue(cursor.Peek(), bits) < 0)
        {
            throw cursor.Error("expected " + name + " digit, found " + cursor.DescribeNext());
        }

        var digitsPosition = cursor.Position;
        ulong value = 0;
        while (true)
        {
            var c = cursor.Peek();
            var digit = DigitValue(c, bits);
            if (digit >= 0)
            {
                if (value > (ulong)long.MaxValue >> bits)
                {
                    throw cursor.ErrorAt(digitsPosition, "the integer does not fit in 64 bits (largest is 9223372036854775807)");
                }

                value = (value << bits) | (uint)digit;
                cursor.Advance();
            }
            else if (c == '_' && DigitValue(cursor.Peek(1), bits) >= 0)
            {
                cursor.Advance();
            }
            else if (c == '_')
            {
                throw cursor.Error("an underscore in a number must be between two digits");
            }
            else
            {
                return new TomlInteger((long)value, position);
            }
        }
    }

    private static int DigitValue(int c, int bits)
    {
        var value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value < 1 << bits ? value : -1;
    }

    private static long ParseDecimal(TomlCursor cursor, ReadOnlySpan<char> literal, bool negative, TomlPosition literalPosition)
    {
        // The magnitude of long.MinValue is one more than long.MaxValue.
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong magnitude = 0;
        foreach (var c in literal)
        {
            if (c is < '0' or > '9')
            {
                continue;
            }

            var digit = (ulong)(c - '0');
            if (magnitude > (limit - digit) / 10)
            {
                throw cursor.ErrorAt(literalPosition, "the integer does not fit in 64 bits (range -9223372036854775808 to 9223372036854775807)");
            }

            magnitude = (magnitude * 10) + digit;
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
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
