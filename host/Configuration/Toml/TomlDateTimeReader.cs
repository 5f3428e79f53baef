namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>Reads RFC 3339 offset date-times and TOML's local date-times, dates and times.</summary>
internal static class TomlDateTimeReader
{
    private const int FractionDigits = 7;
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>True at <c>DDDD-</c> (a date) or <c>DD:</c> (a time), which no number can start with.</summary>
    public static bool IsAtDateOrTime(TomlCursor cursor) =>
        TomlCharacters.IsDigit(cursor.Peek()) && TomlCharacters.IsDigit(cursor.Peek(1))
        && (cursor.Peek(2) == ':' || (TomlCharacters.IsDigit(cursor.Peek(2)) && TomlCharacters.IsDigit(cursor.Peek(3)) && cursor.Peek(4) == '-'));

    /// <summary>Reads the value <see cref="IsAtDateOrTime"/> found.</summary>
    public static TomlValue Read(TomlCursor cursor, TomlPosition position)
    {
        var start = cursor.Index;
        if (cursor.Peek(2) == ':')
        {
            var time = ReadTime(cursor);
            return new TomlLocalTime(time, cursor.SliceFrom(start).ToString(), position);
        }

        var date = ReadDate(cursor);
        if (!IsAtTimeSeparator(cursor))
        {
            return new TomlLocalDate(date, cursor.SliceFrom(start).ToString(), position);
        }

        cursor.Advance();
        var dateTime = date.ToDateTime(ReadTime(cursor));
        var offsetPosition = cursor.Position;
        if (!TryReadOffset(cursor, out var offset))
        {
            return new TomlLocalDateTime(dateTime, cursor.SliceFrom(start).ToString(), position);
        }

        // DateTimeOffset is narrower than RFC 3339; say so instead of letting its constructor throw.
        if (offset.Duration() > MaxOffset)
        {
            throw cursor.ErrorAt(offsetPosition, "offsets beyond ±14:00 are not supported");
        }

        var utcTicks = dateTime.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw cursor.ErrorAt(offsetPosition, "the date-time in UTC falls outside years 0001 to 9999");
        }

        return new TomlOffsetDateTime(new DateTimeOffset(dateTime, offset), cursor.SliceFrom(start).ToString(), position);
    }

    // 'T' or 't' separate date and time; so may a space, but only when a time follows (else it ends a local date).
    private static bool IsAtTimeSeparator(TomlCursor cursor) => cursor.Peek() switch
    {
        'T' or 't' => true,
        ' ' => TomlCharacters.IsDigit(cursor.Peek(1)) && TomlCharacters.IsDigit(cursor.Peek(2)) && cursor.Peek(3) == ':',
        _ => false,
    };

    private static DateOnly ReadDate(TomlCursor cursor)
    {
        var yearPosition = cursor.Position;
        var year = (ReadTwoDigits(cursor, "year") * 100) + ReadTwoDigits(cursor, "year");
        if (year == 0)
        {
            throw cursor.ErrorAt(yearPosition, "year 0000 is not supported; years run from 0001 to 9999");
        }

        Expect(cursor, '-', "between year and month");
        var monthPosition = cursor.Position;
        var month = ReadTwoDigits(cursor, "month");
        if (month is < 1 or > 12)
        {
            throw cursor.ErrorAt(monthPosition, "month must be 01 to 12");
        }

        Expect(cursor, '-', "between month and day");
        var dayPosition = cursor.Position;
        var day = ReadTwoDigits(cursor, "day");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw cursor.ErrorAt(dayPosition, "day is not in the month (this month has " + DateTime.DaysInMonth(year, month) + " days)");
        }

        return new DateOnly(year, month, day);
    }

    private static TimeOnly ReadTime(TomlCursor cursor)
    {
        var hour = ReadField(cursor, "hour", 23);
        Expect(cursor, ':', "between hour and minute");
        var minute = ReadField(cursor, "minute", 59);
        Expect(cursor, ':', "between minute and second (seconds are required in TOML 1.0)");
        var second = ReadField(cursor, "second", 59);
        var ticks = 0L;
        if (cursor.TryConsume('.'))
        {
            ticks = ReadFraction(cursor);
        }

        return new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
    }

    // Fractional seconds in ticks; digits beyond 100 ns are truncated, which the spec allows.
    private static long ReadFraction(TomlCursor cursor)
    {
        if (!TomlCharacters.IsDigit(cursor.Peek()))
        {
            throw cursor.Error("expected a digit after the decimal point of the seconds, found " + cursor.DescribeNext());
        }

        long ticks = 0;
        var digits = 0;
        for (; TomlCharacters.IsDigit(cursor.Peek()); digits++)
        {
            if (digits < FractionDigits)
            {
                ticks = (ticks * 10) + (cursor.Peek() - '0');
            }

            cursor.Advance();
        }

        for (; digits < FractionDigits; digits++)
        {
            ticks *= 10;
        }

        return ticks;
    }

    private static bool TryReadOffset(TomlCursor cursor, out TimeSpan offset)
    {
        var c = cursor.Peek();
        if (c is 'Z' or 'z')
        {
            cursor.Advance();
            offset = TimeSpan.Zero;
            return true;
        }

        if (c is not ('+' or '-'))
        {
            offset = default;
            return false;
        }

        cursor.Advance();
        var hours = ReadField(cursor, "offset hour", 23);
        Expect(cursor, ':', "between offset hour and minute");
        var minutes = ReadField(cursor, "offset minute", 59);
        offset = new TimeSpan(hours, minutes, 0);
        if (c == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static int ReadField(TomlCursor cursor, string name, int max)
    {
        var position = cursor.Position;
        var value = ReadTwoDigits(cursor, name);
        if (value > max)
        {
            throw cursor.ErrorAt(position, name + " must be 00 to " + max);
        }

        return value;
    }

    private static int ReadTwoDigits(TomlCursor cursor, string name)
    {
        var tens = cursor.Peek();
        var ones = cursor.Peek(1);
        if (!TomlCharacters.IsDigit(tens) || !TomlCharacters.IsDigit(ones))
        {
            throw cursor.Error("expected two digits for the " + name);
        }

        cursor.Advance(2);
        return ((tens - '0') * 10) + (ones - '0');
    }

    private static void Expect(TomlCursor cursor, char separator, string where)
    {
        if (!cursor.TryConsume(separator))
        {
            throw cursor.Error("expected '" + separator + "' " + where + ", found " + cursor.DescribeNext());
        }
    }
}
